import Foundation
import Logging
import MiniBotTelephony
import NIOHTTP1
import Synchronization

extension PBXLine {
    /// `minibot doctor` with `PBX=asterisk`, beyond the credentials: is the Stasis application
    /// connected (or can our events socket register it), can Asterisk reach our AudioSocket
    /// listener (an `externalMedia` channel is created towards it and deleted), and does the AMD
    /// context exist (`DIALPLAN_EXISTS` read on that channel) when `AMD_ENABLED` uses it.
    ///
    /// Never disturbs a running bot: when the application is already registered (a `serve` is
    /// connected), no second events socket is opened (Asterisk would hand it the app's events).
    /// ```swift
    /// for check in await PBXLine.checkAsterisk(configuration) { print(check) }
    /// // ok   asterisk-stasis-app: application minibot registered by a connected bot
    /// // ok   audiosocket-from-asterisk: Asterisk connected to 127.0.0.1:9092 (externalMedia)
    /// // ok   asterisk-amd-context: context minibot-amd has an extension for +33600000000
    /// ```
    public static func checkAsterisk(_ configuration: PBXConfiguration, timeout: Duration = .seconds(5),
                                     logger: Logger = Logger(label: "minibot.pbx.doctor")) async -> [PBXCheck] {
        guard let ast = configuration.asterisk else { return [] }
        var quiet = logger
        quiet.logLevel = .critical
        let seconds = max(1, Int(timeout.components.seconds))
        let client = ARIClient(configuration: .init(url: ast.ariURL, username: ast.username, password: ast.password,
                                                    application: ast.application, initialReconnectDelay: .milliseconds(200),
                                                    maximumReconnectDelay: .seconds(1), requestTimeout: .seconds(seconds)),
                               logger: quiet)
        let appPath = "/applications/\(ARIClient.encode(ast.application))"
        let registered: Bool
        do {
            try await client.request(.GET, appPath)
            registered = true
        } catch ARIError.http(let status, _, _) where status == 404 {
            registered = false
        } catch {
            return [PBXCheck(name: "asterisk-stasis-app", ok: false, detail: "\(ast.ariURL): \(error)")]
        }
        return await withTaskGroup(of: Void.self) { group -> [PBXCheck] in
            defer {
                client.shutdown()
                group.cancelAll()
            }
            var checks: [PBXCheck] = []
            if registered {
                checks.append(PBXCheck(name: "asterisk-stasis-app", ok: true,
                                       detail: "application \(ast.application) registered by a connected bot"))
            } else {
                group.addTask { try? await client.run() }
                let connected = (try? await withDeadline(timeout, { try await client.waitUntilConnected() })) != nil
                let listed = connected ? (try? await client.request(.GET, appPath)) != nil : false
                checks.append(PBXCheck(name: "asterisk-stasis-app", ok: listed, detail: listed
                    ? "no bot connected now; our events socket registered application \(ast.application)"
                    : "the events socket ws…/ari/events?app=\(ast.application) did not open within \(timeout) (res_ari_events, res_http_websocket loaded?)"))
                guard listed else { return checks }
            }
            let context = configuration.pbxMachineDetection ? ast.machineDetectionContext : nil
            checks += await checkAudioSocketFromAsterisk(ast, client: client, listening: !registered, context: context, timeout: timeout)
            return checks
        }
    }

    /// Asks Asterisk for an `externalMedia` channel to our AudioSocket address: chan_audiosocket
    /// connects while creating it, so a refusal means Asterisk cannot reach us. When no bot holds
    /// the port, a temporary listener also checks that the UUID arrives.
    /// `context`: also checked on that channel while it lives (nil: not asked).
    static func checkAudioSocketFromAsterisk(_ ast: PBXConfiguration.Asterisk, client: ARIClient, listening: Bool,
                                             context: String?, timeout: Duration) async -> [PBXCheck] {
        let name = "audiosocket-from-asterisk"
        let localHost = ast.audioSocketHost == "0.0.0.0" ? "127.0.0.1" : ast.audioSocketHost
        let callID = UUID()
        let channelID = "doctor-\(callID.uuidString.lowercased())"
        let server = listening ? try? await AudioSocketServer.bind(configuration: .init(host: ast.audioSocketHost, port: ast.audioSocketPort)) : nil
        let address = ast.audioSocketPublicAddress ?? "\(localHost):\(server?.localPort ?? ast.audioSocketPort)"
        let arrived = ArrivalFlag()
        let notChecked = context.map {
            PBXCheck(name: "asterisk-amd-context", ok: false,
                     detail: "context \($0) not checked: it is read on the externalMedia channel of the AudioSocket check")
        }
        /// The context check on the live channel, then the channel's deletion.
        @Sendable func finish(_ reach: PBXCheck) async -> [PBXCheck] {
            var checks = [reach]
            if let context { checks.append(reach.ok ? await checkContext(context, channel: channelID, client: client) : notChecked!) }
            try? await client.hangup(channelID: channelID)
            return checks
        }
        return await withTaskGroup(of: Void.self) { group -> [PBXCheck] in
            if let server {
                group.addTask {
                    try? await server.run { session in
                        guard session.callID == callID else { return await session.hangup() }
                        arrived.set()
                        // Kept open: the channel must live for the AMD-context check; deleted at the end.
                        for await _ in session.events {}
                    }
                }
            }
            defer {
                group.cancelAll()
            }
            do {
                _ = try await client.externalMedia(channelID: channelID, externalHost: address, data: callID.uuidString.lowercased())
            } catch {
                await server?.shutdownGracefully()
                return [PBXCheck(name: name, ok: false, detail: "Asterisk could not connect to \(address): \(error) "
                    + "(AUDIOSOCKET_PUBLIC_ADDRESS must be the bot's address as Asterisk reaches it; chan_audiosocket loaded?)")]
                    + (notChecked.map { [$0] } ?? [])
            }
            if server != nil {
                let start = ContinuousClock.now
                while !arrived.isSet, ContinuousClock.now - start < timeout {
                    try? await Task.sleep(for: .milliseconds(50))
                }
                let ok = arrived.isSet
                let checks = await finish(PBXCheck(name: name, ok: ok, detail: ok
                    ? "Asterisk connected to \(address) and sent the call UUID (externalMedia, AudioSocket)"
                    : "Asterisk created the externalMedia channel but no AudioSocket connection with its UUID reached \(address)"))
                await server?.shutdownGracefully()
                return checks
            }
            return await finish(PBXCheck(name: name, ok: true, detail: "Asterisk connected to the running bot at \(address) (externalMedia, AudioSocket)"))
        }
    }

    /// `DIALPLAN_EXISTS(context,+33600000000,1)` read on a channel in Stasis (ARI evaluates functions there).
    static func checkContext(_ context: String, channel: String, client: ARIClient) async -> PBXCheck {
        let name = "asterisk-amd-context"
        let probe = "+33600000000"
        do {
            let path = "/channels/\(ARIClient.encode(channel))/variable"
            let query = [("variable", "DIALPLAN_EXISTS(\(context),\(probe),1)")]
            var data: Data?
            // The externalMedia channel enters Stasis just after its creation; ARI reads variables only there.
            for attempt in 1...10 {
                do {
                    data = try await client.request(.GET, path, query: query)
                    break
                } catch ARIError.http(let status, _, _) where status == 404 && attempt < 10 {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            guard let data else { throw ARIError.timedOut("the externalMedia channel in Stasis") }
            let value = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["value"] as? String
            return value == "1"
                ? PBXCheck(name: name, ok: true, detail: "context \(context) has an extension for \(probe)")
                : PBXCheck(name: name, ok: false, detail: "context \(context) has no extension for \(probe): add docs/pbx/asterisk.md's [\(context)] "
                    + "to extensions.conf, or set ASTERISK_AMD_CONTEXT= (empty) to dial AMD requests straight into Stasis")
        } catch {
            return PBXCheck(name: name, ok: false, detail: "could not read DIALPLAN_EXISTS for \(context) (func_dialplan loaded?): \(error)")
        }
    }
}

/// Set once by the temporary AudioSocket listener when the doctor's call UUID arrives.
private final class ArrivalFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
