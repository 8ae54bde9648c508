import Foundation
import Logging
import MiniBotTelephony

extension PBXLine {
    /// `minibot doctor`'s FreeSWITCH media checks, beyond Event Socket authentication
    /// (``checkReachability(_:timeout:logger:)``): is mod_audio_stream loaded (`module_exists`), and
    /// can FreeSWITCH open a WebSocket to our stream listener? For the second, a `null/` channel
    /// (mod_loopback's null endpoint, answers at once, no phone involved) is streamed to a listener
    /// bound like a live line's, at the URL a call would use (`AUDIO_STREAM_URL` or host:port),
    /// then killed. Nothing is checked when the Event Socket itself is unreachable (that check failed already).
    /// ```swift
    /// for check in await PBXLine.checkFreeSwitchMedia(fs) { print(check) }
    /// // ok   freeswitch-mod-audio-stream: loaded
    /// // ok   freeswitch-to-stream-listener: FreeSWITCH opened ws://127.0.0.1:8080/… and sent 25 frames
    /// ```
    public static func checkFreeSwitchMedia(_ fs: PBXConfiguration.FreeSwitch, timeout: Duration = .seconds(5),
                                            logger: Logger = Logger(label: "minibot.pbx.doctor")) async -> [PBXCheck] {
        var quiet = logger
        quiet.logLevel = .critical
        let client = ESLClient(configuration: .init(host: fs.eslHost, port: fs.eslPort, password: fs.eslPassword,
                                                    events: [], maximumReconnectDelay: .seconds(1)), logger: quiet)
        return await withTaskGroup(of: [PBXCheck]?.self) { group in
            group.addTask { try? await client.run(); return nil }
            defer {
                client.shutdown()
                group.cancelAll()
            }
            guard (try? await withDeadline(timeout, { try await client.waitUntilConnected() })) != nil else { return [] }
            let loaded = (try? await client.api("module_exists mod_audio_stream"))?.trimmingCharacters(in: .whitespacesAndNewlines)
            guard loaded == "true" else {
                return [PBXCheck(name: "freeswitch-mod-audio-stream", ok: false,
                                 detail: "module_exists mod_audio_stream: \(loaded ?? "no answer"): build and load it (docs/pbx/freeswitch.md §4)")]
            }
            return [PBXCheck(name: "freeswitch-mod-audio-stream", ok: true, detail: "loaded"),
                    await checkStreamListenerFromFreeSwitch(fs, client: client, timeout: timeout, logger: quiet)]
        }
    }

    static func checkStreamListenerFromFreeSwitch(_ fs: PBXConfiguration.FreeSwitch, client: ESLClient, timeout: Duration,
                                                  logger: Logger) async -> PBXCheck {
        let name = "freeswitch-to-stream-listener"
        let server: AudioStreamServer
        do {
            server = try await AudioStreamServer.bind(configuration: .init(host: fs.audioStreamHost, port: fs.audioStreamPort,
                                                                           publicURL: fs.audioStreamURL), logger: logger)
        } catch {
            return PBXCheck(name: name, ok: false, detail: "cannot listen on \(fs.audioStreamHost):\(fs.audioStreamPort): \(error)")
        }
        let id = UUID()
        let uuid = id.uuidString.lowercased()
        let url = server.streamURL(for: id)
        server.expect(callID: id) { _ in }
        return await withTaskGroup(of: PBXCheck?.self) { group in
            group.addTask { try? await server.run(); return nil }
            defer { group.cancelAll() }
            defer { Task { await server.shutdownGracefully() } }
            do {
                let created = try await client.api("originate {origination_uuid=\(uuid),originate_timeout=5}null/minibot-doctor &park()")
                guard created.hasPrefix("+OK") else {
                    return PBXCheck(name: name, ok: false, detail: "could not create a null channel to stream: \(created)")
                }
            } catch {
                return PBXCheck(name: name, ok: false, detail: "could not create a null channel to stream (is mod_loopback loaded?): \(error)")
            }
            defer { Task { _ = try? await client.api("uuid_kill \(uuid)") } }
            do {
                try await client.api("uuid_audio_stream \(uuid) start \(url) mono 8k")
            } catch {
                return PBXCheck(name: name, ok: false, detail: "uuid_audio_stream refused \(url): \(error)")
            }
            let clock = ContinuousClock()
            let deadline = clock.now + timeout
            while clock.now < deadline, server.statistics.accepted == 0 {
                try? await Task.sleep(for: .milliseconds(50))
            }
            let accepted = server.statistics.accepted > 0
            _ = try? await client.api("uuid_kill \(uuid)")
            return accepted
                ? PBXCheck(name: name, ok: true, detail: "FreeSWITCH opened \(url)")
                : PBXCheck(name: name, ok: false, detail: "FreeSWITCH did not connect to \(url) within \(timeout): "
                    + "it must reach the bot there (set AUDIO_STREAM_URL to an address FreeSWITCH can reach; firewall?)")
        }
    }
}
