import Foundation
import Logging
import MiniBotTelephony

/// The FreeSWITCH connector's long-running pieces, alive for one `body`.
enum FreeSwitchServices {
    static func with<T: Sendable>(_ fs: PBXConfiguration.FreeSwitch, options: PBXLine.Options,
                                  _ body: @escaping @Sendable (FreeSwitchDialer) async throws -> T) async throws -> T {
        let streams = try await AudioStreamServer.bind(configuration: .init(
            host: fs.audioStreamHost, port: fs.audioStreamPort, publicURL: fs.audioStreamURL))
        let client = ESLClient(configuration: .init(host: fs.eslHost, port: fs.eslPort, password: fs.eslPassword),
                               logger: options.logger)
        var dialerConfiguration = FreeSwitchDialer.Configuration(gateway: fs.gateway, soundsDirectory: fs.soundsDirectory,
                                                                 dialString: fs.dialStringTemplate)
        dialerConfiguration.transfer = fs.transfer
        let dialer = FreeSwitchDialer(client: client, audioStreams: streams, configuration: dialerConfiguration,
                                      logger: options.logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await streams.run(); return nil }
            group.addTask { try await client.run(); return nil }
            let outcome: Result<T, any Error>
            do {
                guard try await withDeadline(options.connectTimeout, { try await client.waitUntilConnected() }) != nil else {
                    throw PBXLineError.unreachable("no authenticated FreeSWITCH Event Socket connection to \(fs.eslHost):\(fs.eslPort) "
                        + "within \(options.connectTimeout) (check FREESWITCH_ESL_HOST/PORT/PASSWORD)")
                }
                outcome = .success(try await body(dialer))
            } catch {
                outcome = .failure(error)
            }
            client.shutdown()
            await streams.shutdownGracefully()
            group.cancelAll()
            return try outcome.get()
        }
    }
}

/// The Asterisk connector's long-running pieces, alive for one `body`.
enum AsteriskServices {
    static func with<T: Sendable>(_ ast: PBXConfiguration.Asterisk, options: PBXLine.Options,
                                  _ body: @escaping @Sendable (ARIDialer) async throws -> T) async throws -> T {
        let audioSocket = try await AudioSocketServer.bind(configuration: .init(
            host: ast.audioSocketHost, port: ast.audioSocketPort, maximumConcurrentCalls: options.maximumConcurrentCalls))
        let router = AudioSocketSessionRouter()
        let client = ARIClient(configuration: .init(url: ast.ariURL, username: ast.username, password: ast.password,
                                                    application: ast.application), logger: options.logger)
        let localHost = ast.audioSocketHost == "0.0.0.0" ? "127.0.0.1" : ast.audioSocketHost
        let address = ast.audioSocketPublicAddress ?? "\(localHost):\(audioSocket.localPort ?? ast.audioSocketPort)"
        var dialerConfiguration = ARIDialer.Configuration(
            endpointTemplate: ast.endpointTemplate, audioSocketAddress: address,
            machineDetectionContext: ast.machineDetectionContext)
        dialerConfiguration.transfer = ast.transfer
        let dialer = ARIDialer(client: client, router: router, configuration: dialerConfiguration, logger: options.logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await audioSocket.run { await router.route($0) }; return nil }
            group.addTask { try await client.run(); return nil }
            let outcome: Result<T, any Error>
            do {
                guard try await withDeadline(options.connectTimeout, { try await client.waitUntilConnected() }) != nil else {
                    throw PBXLineError.unreachable("no ARI events connection to \(ast.ariURL) for app \(ast.application) "
                        + "within \(options.connectTimeout) (check ASTERISK_ARI_URL/USER/PASSWORD)")
                }
                outcome = .success(try await body(dialer))
            } catch {
                outcome = .failure(error)
            }
            client.shutdown()
            await audioSocket.shutdownGracefully()
            group.cancelAll()
            return try outcome.get()
        }
    }
}
