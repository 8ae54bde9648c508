import Foundation
import MiniBotTelephony
import NIOCore

/// An event as FreeSWITCH builds it: ordered headers and an optional body.
struct FakeEvent: Sendable {
    var name: String
    var subclass: String?
    var headers: [(String, String)]
    var body: String?
}

extension FakeFreeSwitch {
    func event(_ name: String, callID: UUID?, _ extra: KeyValuePairs<String, String> = [:]) -> FakeEvent {
        var headers: [(String, String)] = [
            ("Event-Name", name),
            ("Core-UUID", coreUUID.uuidString.lowercased()),
            ("FreeSWITCH-Hostname", "fs-test"),
            ("FreeSWITCH-IPv4", "127.0.0.1"),
            ("Event-Date-Local", "2026-11-22 10:15:00"),
            ("Event-Date-Timestamp", "1795342500000000"),
            ("Event-Calling-File", "switch_channel.c"),
            ("Event-Sequence", "4711"),
        ]
        if let callID {
            let id = callID.uuidString.lowercased()
            headers.append(("Unique-ID", id))
            headers.append(("Channel-Call-UUID", id))
            headers.append(("Channel-Name", "sofia/gateway/gw1/test"))
        }
        headers.append(contentsOf: extra.map { ($0.key, $0.value) })
        return FakeEvent(name: name, subclass: nil, headers: headers, body: nil)
    }

    /// Hangup events of a call; a `loopback/` call has a `-b` leg with its own Unique-ID whose events
    /// come first (the callee's leg ends, then ours), except after an originate timeout (ours first).
    func hangupEvents(callID: UUID, causeName: String, code: Int) -> [FakeEvent] {
        let other = state.withLock { $0.loopbackLegs.removeValue(forKey: callID) }
        let callee = other.map { singleLegHangupEvents(callID: $0, causeName: causeName, code: code) } ?? []
        let ours = singleLegHangupEvents(callID: callID, causeName: causeName, code: code)
        return causeName == "NO_ANSWER" ? ours + callee : callee + ours
    }

    private func singleLegHangupEvents(callID: UUID, causeName: String, code: Int) -> [FakeEvent] {
        [
            event("CHANNEL_HANGUP", callID: callID, ["Hangup-Cause": causeName, "Channel-State": "CS_HANGUP"]),
            event("CHANNEL_HANGUP_COMPLETE", callID: callID, [
                "Hangup-Cause": causeName, "variable_hangup_cause": causeName,
                "variable_hangup_cause_q850": "\(code)", "Channel-State": "CS_REPORTING",
            ]),
        ]
    }

    /// What FreeSWITCH fires when an `api`/`bgapi` command has run (seen only by `event … ALL`
    /// listeners): after an `api`'s reply, just before a `bgapi`'s BACKGROUND_JOB.
    func apiEvent(_ command: String) -> FakeEvent {
        let (verb, argument) = Self.split(command)
        return event("API", callID: nil, ["API-Command": verb, "API-Command-Argument": argument])
    }

    func broadcast(_ event: FakeEvent) { broadcast([event]) }

    /// Writes each event to every authenticated connection subscribed to it, in its format.
    func broadcast(_ events: [FakeEvent]) {
        let targets = state.withLock { state in Array(state.connections.values.filter(\.authenticated)) }
        for connection in targets {
            guard let format = connection.format else { continue }
            var buffer = connection.channel.allocator.buffer(capacity: 1024)
            for event in events where Self.wants(connection, event) {
                buffer.writeString(Self.encode(event, format: format))
            }
            if buffer.readableBytes > 0 { connection.channel.writeAndFlush(buffer, promise: nil) }
        }
    }

    static func wants(_ connection: Connection, _ event: FakeEvent) -> Bool {
        let named = connection.names.contains("ALL") || connection.names.contains(event.name)
            || (event.subclass.map { connection.names.contains("CUSTOM") && connection.names.contains($0) } ?? false)
        guard named else { return false }
        guard !connection.filters.isEmpty else { return true }
        return connection.filters.contains { filter in
            event.headers.contains { $0.0.lowercased() == filter.0.lowercased() && $0.1 == filter.1 }
        }
    }

    /// `Content-Length` + `Content-Type: text/event-plain|json`, then the body.
    static func encode(_ event: FakeEvent, format: ESLEventFormat) -> String {
        let body: String
        switch format {
        case .plain:
            var text = ""
            for (name, value) in event.headers { text += "\(name): \(ESLPercentEncoding.encode(value))\n" }
            if let nested = event.body {
                text += "Content-Length: \(nested.utf8.count)\n\n\(nested)"
            } else {
                text += "\n"
            }
            body = text
        case .json:
            var object: [String: String] = [:]
            for (name, value) in event.headers { object[name] = value }
            if let nested = event.body { object["_body"] = nested }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
            body = String(decoding: data, as: UTF8.self)
        }
        let type = format == .plain ? "text/event-plain" : "text/event-json"
        return "Content-Length: \(body.utf8.count)\nContent-Type: \(type)\n\n\(body)"
    }

    static func reply(_ text: String, extra: [(String, String)] = []) -> String {
        var message = "Content-Type: command/reply\nReply-Text: \(text)\n"
        for (name, value) in extra { message += "\(name): \(value)\n" }
        return message + "\n"
    }

    static func apiResponse(_ body: String) -> String {
        "Content-Type: api/response\nContent-Length: \(body.utf8.count)\n\n\(body)"
    }

    static let disconnectNotice: String = {
        let body = "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n"
        return "Content-Type: text/disconnect-notice\nContent-Length: \(body.utf8.count)\n\n\(body)"
    }()
}
