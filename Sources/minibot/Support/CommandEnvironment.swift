import Foundation
import MiniBotServer

/// The variables a live command reads: the process environment over `--env-file` (default `.env`),
/// through the same loader as `minibot serve` and `minibot doctor`, so `call test` and
/// `campaign launch` see the `.env` a deployment writes (they read only the environment before).
enum CommandEnvironment {
    static func load(environmentFile: String) async throws -> [String: String] {
        let process = ProcessInfo.processInfo.environment
        let file = try await ServiceConfigurationLoader.values(environmentFile: environmentFile, environment: process)
        return process.merging(file) { current, _ in current }
    }
}
