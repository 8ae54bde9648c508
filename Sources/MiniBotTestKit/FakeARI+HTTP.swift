import Foundation
import MiniBotTelephony
import NIOCore
import NIOHTTP1
import NIOWebSocket

extension FakeARI {
    func serve(_ accepted: EventLoopFuture<Accepted>) async {
        guard let accepted = try? await accepted.get() else { return }
        switch accepted {
        case .websocket(let ws):
            try? await ws.executeThenClose { inbound, outbound in
                let key = ObjectIdentifier(ws.channel)
                state.withLock { $0.sockets[key] = outbound }
                notify()
                defer {
                    _ = state.withLock { $0.sockets.removeValue(forKey: key) }
                }
                for try await frame in inbound where frame.opcode == .connectionClose { break }
            }
        case .http(let http):
            try? await http.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body = ByteBuffer()
                for try await part in inbound {
                    switch part {
                    case .head(let h):
                        head = h
                        body.clear()
                    case .body(var chunk):
                        body.writeBuffer(&chunk)
                    case .end:
                        guard let request = head else { continue }
                        let (status, json, after) = await respond(request, body: body)
                        var headers = HTTPHeaders()
                        let bytes = json.flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
                        headers.add(name: "Content-Length", value: "\(bytes?.count ?? 0)")
                        if bytes != nil { headers.add(name: "Content-Type", value: "application/json") }
                        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
                        if let bytes { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes)))) }
                        try await outbound.write(.end(nil))
                        await after()
                    }
                }
            }
        }
    }

    /// Handles one REST request: status, JSON body, and what happens after the response is sent.
    func respond(_ head: HTTPRequestHead, body: ByteBuffer) async -> (HTTPResponseStatus, Any?, @Sendable () async -> Void) {
        let nothing: @Sendable () async -> Void = {}
        let expected = "Basic " + Data("\(configuration.username):\(configuration.password)".utf8).base64EncodedString()
        guard head.headers.first(name: "Authorization") == expected else {
            return (.unauthorized, ["message": "Authentication required"], nothing)
        }
        let (path, query) = Self.split(head.uri)
        let line = "\(head.method.rawValue) \(path)" + (query.isEmpty ? "" : "?" + query.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }.joined(separator: "&"))
        state.withLock { $0.requests.append(line) }
        notify()
        let segments = path.split(separator: "/").map(String.init)
        switch (head.method, segments) {
        case (.GET, ["ari", "asterisk", "info"]):
            return (.ok, ["system": ["version": "20.10.0"]], nothing)
        case (.GET, let s) where s.count == 3 && s[1] == "applications":
            // Asterisk registers an application while an events socket asks for it.
            let registered = state.withLock { !$0.sockets.isEmpty }
            return registered ? (.ok, ["name": s[2], "channel_ids": [String](), "bridge_ids": [String]()], nothing)
                : (.notFound, ["message": "Application not found"], nothing)
        case (.GET, let s) where s.count == 4 && s[1] == "channels" && s[3] == "variable":
            guard state.withLock({ $0.channels[s[2]] != nil }) else { return (.notFound, ["message": "Channel not found"], nothing) }
            let variable = query["variable"] ?? ""
            guard variable.hasPrefix("DIALPLAN_EXISTS("), variable.hasSuffix(")") else { return (.ok, ["value": ""], nothing) }
            let context = variable.dropFirst(16).split(separator: ",").first.map(String.init) ?? ""
            return (.ok, ["value": configuration.dialplanContexts.contains(context) ? "1" : "0"], nothing)
        case (.POST, ["ari", "channels", "externalMedia"]):
            return externalMedia(query)
        case (.POST, ["ari", "channels"]):
            return originate(query, body: body)
        case (.POST, ["ari", "bridges"]):
            let id = query["bridgeId"] ?? UUID().uuidString
            state.withLock { $0.bridges[id] = [] }
            return (.ok, ["id": id, "technology": "simple_bridge", "bridge_type": query["type"] ?? "mixing", "channels": [String]()], nothing)
        case (.POST, let s) where s.count == 4 && s[1] == "bridges" && s[3] == "addChannel":
            let known = state.withLock { state -> Bool in
                guard state.bridges[s[2]] != nil else { return false }
                state.bridges[s[2]]?.append(contentsOf: (query["channel"] ?? "").split(separator: ",").map(String.init))
                return true
            }
            return known ? (.noContent, nil, nothing) : (.notFound, ["message": "Bridge not found"], nothing)
        case (.DELETE, let s) where s.count == 3 && s[1] == "bridges":
            let known = state.withLock { $0.bridges.removeValue(forKey: s[2]) != nil }
            return known ? (.noContent, nil, nothing) : (.notFound, ["message": "Bridge not found"], nothing)
        case (.DELETE, let s) where s.count == 3 && s[1] == "channels":
            let id = s[2]
            let (existed, leg) = state.withLock { state -> (Bool, AudioSocketClientConnection?) in
                let channel = state.channels.removeValue(forKey: id)
                return (channel != nil, channel?.leg)
            }
            guard existed else { return (.notFound, ["message": "Channel not found"], nothing) }
            return (.noContent, nil, { [self] in
                await leg?.hangup()
                await self.destroyed(id, cause: 16, text: "Normal Clearing")
            })
        case (.POST, let s) where s.count == 4 && s[1] == "channels" && (s[3] == "continue" || s[3] == "redirect"):
            guard let channel = state.withLock({ $0.channels[s[2]] }) else { return (.notFound, ["message": "Channel not found"], nothing) }
            let scenario = channel.scenario, number = channel.number
            let id = s[2]
            // Like Asterisk: the channel leaves Stasis; a context starting with "minibot-amd" runs
            // AMD() (ChannelVarset AMDSTATUS/AMDCAUSE, still seen through the originate's
            // subscription) and comes back with Stasis(app,${AMDSTATUS},${AMDCAUSE}).
            let amd = s[3] == "continue" && (query["context"] ?? "").hasPrefix("minibot-amd")
            return (.noContent, nil, { [self] in
                await self.emit(["type": "StasisEnd", "channel": self.channelJSON(id, state: "Up")])
                guard amd, case .answer(_, let verdict, let cause)? = scenario else { return }
                let status = verdict ?? "HUMAN"
                let why = cause ?? (status == "MACHINE" ? "LONGGREETING-2000-1500" : "HUMAN-500-500")
                await self.emit(["type": "ChannelVarset", "variable": "AMDSTATUS", "value": status,
                                 "channel": self.channelJSON(id, state: "Up", number: number)])
                await self.emit(["type": "ChannelVarset", "variable": "AMDCAUSE", "value": why,
                                 "channel": self.channelJSON(id, state: "Up", number: number)])
                await self.emit(["type": "StasisStart", "args": [status, why], "channel": self.channelJSON(id, state: "Up", number: number)])
            })
        default:
            return (.notFound, ["message": "Resource not found"], nothing)
        }
    }

    private func originate(_ query: [String: String], body: ByteBuffer) -> (HTTPResponseStatus, Any?, @Sendable () async -> Void) {
        let nothing: @Sendable () async -> Void = {}
        guard let endpoint = query["endpoint"], endpoint.hasPrefix("PJSIP/") || endpoint.hasPrefix("SIP/") else {
            return (.badRequest, ["message": "Endpoint must be specified"], nothing)
        }
        let hasApp = query["app"] != nil
        let hasContext = query["context"] != nil && query["extension"] != nil
        guard hasApp || hasContext else {
            return (.badRequest, ["message": "Application or extension must be specified"], nothing)
        }
        let number = String(endpoint.dropFirst(endpoint.hasPrefix("PJSIP/") ? 6 : 4).split(separator: "@").first ?? "")
        let id = query["channelId"] ?? UUID().uuidString
        if state.withLock({ $0.channels[id] != nil }) { return (.conflict, ["message": "Channel with given unique ID already exists"], nothing) }
        let scenario = configuration.scenarios[number] ?? configuration.defaultScenario
        state.withLock { $0.channels[id] = Channel(number: number, scenario: scenario, state: "Down", isMedia: false) }
        let appArgs = query["appArgs"].map { $0.split(separator: ",").map(String.init) } ?? []
        return (.ok, channelJSON(id, state: "Down", number: number), { [self] in
            // Like Asterisk: without `app`, the application is not subscribed to the channel and
            // hears nothing about it (the dialplan runs on answer, failures go unreported).
            guard hasApp else { return }
            await self.emit(["type": "ChannelStateChange", "channel": self.channelJSON(id, state: "Ringing", number: number)])
            let peer = self.channelJSON(id, state: "Down", number: number)
            switch scenario {
            case .busy:
                _ = self.state.withLock { $0.channels.removeValue(forKey: id) }
                // Asterisk with a Local/dialplan callee: BUSY only in the Dial event, cause 0 on our channel.
                await self.emit(["type": "Dial", "dialstatus": "BUSY", "dialstring": number, "peer": peer])
                await self.emit(["type": "ChannelDestroyed", "cause": 0, "cause_txt": "Unknown",
                                 "channel": self.channelJSON(id, state: "Down")])
            case .noAnswer:
                _ = self.state.withLock { $0.channels.removeValue(forKey: id) }
                await self.emit(["type": "Dial", "dialstatus": "RINGING", "dialstring": number, "peer": peer])
                await self.emit(["type": "ChannelDestroyed", "cause": 19, "cause_txt": "User alerting, no answer",
                                 "channel": self.channelJSON(id, state: "Down")])
            case .unallocated:
                _ = self.state.withLock { $0.channels.removeValue(forKey: id) }
                await self.emit(["type": "ChannelHangupRequest", "cause": 1, "channel": self.channelJSON(id, state: "Down")])
                await self.emit(["type": "Dial", "dialstatus": "NOANSWER", "dialstring": number, "peer": peer])
                await self.emit(["type": "ChannelDestroyed", "cause": 1, "cause_txt": "Unallocated (unassigned) number",
                                 "channel": self.channelJSON(id, state: "Down")])
            case .answer:
                self.state.withLock { $0.channels[id]?.state = "Up" }
                await self.emit(["type": "Dial", "dialstatus": "ANSWER", "dialstring": number, "peer": peer])
                await self.emit(["type": "ChannelStateChange", "channel": self.channelJSON(id, state: "Up", number: number)])
                await self.emit(["type": "StasisStart", "args": appArgs, "channel": self.channelJSON(id, state: "Up", number: number)])
            }
        })
    }

    private func externalMedia(_ query: [String: String]) -> (HTTPResponseStatus, Any?, @Sendable () async -> Void) {
        let nothing: @Sendable () async -> Void = {}
        guard query["encapsulation"] == "audiosocket", query["transport"] == "tcp",
              let host = query["external_host"], let colon = host.lastIndex(of: ":"),
              let port = Int(host[host.index(after: colon)...]) else {
            return (.badRequest, ["message": "external_host and a supported encapsulation/transport are required"], nothing)
        }
        guard let data = query["data"], let callID = UUID(uuidString: data) else {
            return (.badRequest, ["message": "AudioSocket requires a UUID in data"], nothing)
        }
        let id = query["channelId"] ?? UUID().uuidString
        let callerID = id.hasPrefix("media-") ? String(id.dropFirst(6)) : ""
        let audio = state.withLock { state -> [[Int16]] in
            state.channels[id] = Channel(number: nil, scenario: nil, state: "Up", isMedia: true)
            if case .answer(let audio, _, _)? = state.channels[callerID]?.scenario { return audio }
            return []
        }
        jobs.sink.yield(.mediaLeg(channelID: id, host: String(host[..<colon]), port: port, callID: callID, audio: audio))
        let mediaJSON: @Sendable () -> [String: Any] = { [self] in
            var json = self.channelJSON(id, state: "Up")
            json["name"] = "AudioSocket/\(host)-00000001"
            return json
        }
        return (.ok, mediaJSON(), { [self] in
            await self.emit(["type": "StasisStart", "args": [String](), "channel": mediaJSON()])
        })
    }

    static func split(_ uri: String) -> (String, [String: String]) {
        guard let mark = uri.firstIndex(of: "?") else { return (uri, [:]) }
        var query: [String: String] = [:]
        for pair in uri[uri.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            query[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return (String(uri[..<mark]), query)
    }
}
