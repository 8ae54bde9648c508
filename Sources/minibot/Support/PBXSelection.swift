import Foundation
import MiniBotOutbound

/// Which line a live command dials: `--dry-run` is always the simulated PBX; otherwise `PBX`
/// must be set on purpose, so an unconfigured host never "runs" a campaign nobody hears.
enum PBXSelection {
    static func configuration(dryRun: Bool, environment: [String: String]) throws -> PBXConfiguration {
        if dryRun { return .simulated }
        guard let raw = environment["PBX"], !raw.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CLIError("no PBX configured for live calls: set PBX=freeswitch or PBX=asterisk (see docs/pbx/), "
                + "or use --dry-run (or PBX=simulated) to dial the simulated PBX")
        }
        do {
            return try PBXConfiguration(environment: environment)
        } catch {
            throw CLIError("PBX configuration: \(error) (see docs/pbx/)")
        }
    }
}
