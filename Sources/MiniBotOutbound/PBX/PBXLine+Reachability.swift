import Foundation
import Logging
import MiniBotTelephony
import NIOCore
import NIOHTTP1

/// One line of `minibot doctor`: what was checked, whether it worked, and what to look at.
public struct PBXCheck: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var ok: Bool
    public var detail: String

    public init(name: String, ok: Bool, detail: String) {
        self.name = name
        self.ok = ok
        self.detail = detail
    }

    public var description: String { "\(ok ? "ok  " : "FAIL") \(name): \(detail)" }
}

extension PBXLine {
    /// Checks that the configured PBX can be used without placing a call: FreeSWITCH accepts our
    /// Event Socket password and answers `api status`; Asterisk answers `GET /ari/asterisk/info`
    /// with our credentials; and our media listener's port is free to bind.
    /// ```swift
    /// for check in await PBXLine.checkReachability(configuration) { print(check) }
    /// // ok   freeswitch-esl: 127.0.0.1:8021 authenticated; UP 0 years, 0 days, 2 hours…
    /// ```
    public static func checkReachability(_ configuration: PBXConfiguration, timeout: Duration = .seconds(5),
                                         logger: Logger = Logger(label: "minibot.pbx.doctor")) async -> [PBXCheck] {
        switch configuration.kind {
        case .simulated:
            return [PBXCheck(name: "pbx", ok: true, detail: "PBX=simulated: calls go to the built-in simulated PBX, nothing to reach")]
        case .freeswitch:
            guard let fs = configuration.freeSwitch else { return [PBXCheck(name: "freeswitch-esl", ok: false, detail: "no settings")] }
            return [await checkEventSocket(fs, timeout: timeout, logger: logger),
                    await checkBind("audio-stream-listener", host: fs.audioStreamHost, port: fs.audioStreamPort) {
                        let server = try await AudioStreamServer.bind(configuration: .init(host: fs.audioStreamHost, port: fs.audioStreamPort))
                        await server.shutdownGracefully()
                    }]
        case .asterisk:
            guard let ast = configuration.asterisk else { return [PBXCheck(name: "asterisk-ari", ok: false, detail: "no settings")] }
            let ari = await checkARI(ast, timeout: timeout, logger: logger)
            let bind = await checkBind("audiosocket-listener", host: ast.audioSocketHost, port: ast.audioSocketPort) {
                let server = try await AudioSocketServer.bind(configuration: .init(host: ast.audioSocketHost, port: ast.audioSocketPort))
                await server.shutdownGracefully()
            }
            // Stasis app, AudioSocket reachable from Asterisk, AMD context (PBXLine+AsteriskChecks).
            return [ari, bind] + (ari.ok ? await checkAsterisk(configuration, timeout: timeout, logger: logger) : [])
        }
    }

    static func checkEventSocket(_ fs: PBXConfiguration.FreeSwitch, timeout: Duration, logger: Logger) async -> PBXCheck {
        let name = "freeswitch-esl"
        let target = "\(fs.eslHost):\(fs.eslPort)"
        var quiet = logger
        quiet.logLevel = .critical
        let client = ESLClient(configuration: .init(host: fs.eslHost, port: fs.eslPort, password: fs.eslPassword,
                                                    events: [], maximumReconnectDelay: .seconds(1)), logger: quiet)
        return await withTaskGroup(of: PBXCheck?.self) { group in
            group.addTask { try? await client.run(); return nil }
            defer {
                client.shutdown()
                group.cancelAll()
            }
            do {
                guard try await withDeadline(timeout, { try await client.waitUntilConnected() }) != nil else {
                    return PBXCheck(name: name, ok: false, detail: "no authenticated Event Socket connection to \(target) within \(timeout): "
                        + "FreeSWITCH down, port closed by an ACL, or FREESWITCH_ESL_PASSWORD refused")
                }
                let status = try await client.api("status")
                return PBXCheck(name: name, ok: true, detail: "\(target) authenticated; " + (status.split(separator: "\n").first.map(String.init) ?? ""))
            } catch {
                return PBXCheck(name: name, ok: false, detail: "\(target): \(error)")
            }
        }
    }

    static func checkARI(_ ast: PBXConfiguration.Asterisk, timeout: Duration, logger: Logger) async -> PBXCheck {
        let name = "asterisk-ari"
        var quiet = logger
        quiet.logLevel = .critical
        let seconds = max(1, Int(timeout.components.seconds))
        let client = ARIClient(configuration: .init(url: ast.ariURL, username: ast.username, password: ast.password,
                                                    application: ast.application, requestTimeout: .seconds(seconds)), logger: quiet)
        do {
            let data = try await client.request(.GET, "/asterisk/info")
            let info = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            let version = (info?["system"] as? [String: Any])?["version"] as? String
            return PBXCheck(name: name, ok: true, detail: "\(ast.ariURL) answered as user \(ast.username)"
                + (version.map { "; Asterisk \($0)" } ?? ""))
        } catch ARIError.http(let status, let message, _) where status == 401 {
            return PBXCheck(name: name, ok: false, detail: "\(ast.ariURL) refused user \(ast.username) (\(status) \(message)): "
                + "check ASTERISK_ARI_USER/ASTERISK_ARI_PASSWORD against ari.conf")
        } catch {
            return PBXCheck(name: name, ok: false, detail: "\(ast.ariURL): \(error)")
        }
    }

    static func checkBind(_ name: String, host: String, port: Int, _ bind: @Sendable () async throws -> Void) async -> PBXCheck {
        do {
            try await bind()
            return PBXCheck(name: name, ok: true, detail: "\(host):\(port) can be bound")
        } catch {
            return PBXCheck(name: name, ok: false, detail: "cannot listen on \(host):\(port): \(error)")
        }
    }
}
