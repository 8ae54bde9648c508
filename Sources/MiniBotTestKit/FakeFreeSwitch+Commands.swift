import Foundation
import MiniBotTelephony
import NIOCore

extension FakeFreeSwitch {
    /// Handles one command block from `channel`; returns the bytes to send back (reply first,
    /// events after, as FreeSWITCH orders them) and whether to close afterwards.
    func handle(block: String, channel: any Channel) -> (reply: String, close: Bool, after: [FakeEvent]) {
        let lines = block.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let first = lines.first else { return ("", false, []) }
        let id = ObjectIdentifier(channel)
        let authenticated = state.withLock { $0.connections[id]?.authenticated ?? false }
        let (verb, argument) = Self.split(first)
        if !authenticated {
            guard verb == "auth" else { return (Self.reply("-ERR invalid"), false, []) }
            guard argument == configuration.password else {
                state.withLock { $0.failedAuthentications += 1 }
                return (Self.reply("-ERR invalid") + Self.disconnectNotice, true, [])
            }
            state.withLock { state in
                state.connections[id]?.authenticated = true
                state.authentications += 1
            }
            return (Self.reply("+OK accepted"), false, [])
        }
        switch verb {
        case "event":
            let (formatText, namesText) = Self.split(argument)
            guard let format = ESLEventFormat(rawValue: formatText.lowercased()) else {
                return (Self.reply("-ERR invalid format"), false, [])
            }
            state.withLock { state in
                state.connections[id]?.format = format
                state.connections[id]?.names.formUnion(namesText.split(separator: " ").map(String.init))
                state.subscriptions.append(first)
            }
            return (Self.reply("+OK event listener enabled \(format.rawValue)"), false, [])
        case "filter":
            let (header, value) = Self.split(argument)
            state.withLock { state in
                state.connections[id]?.filters.append((header, value))
                state.subscriptions.append(first)
            }
            return (Self.reply("+OK filter added. [\(header)]=[\(value)]"), false, [])
        case "noevents":
            state.withLock { $0.connections[id]?.names = [] }
            return (Self.reply("+OK no longer listening for events"), false, [])
        case "exit":
            return (Self.reply("+OK bye") + Self.disconnectNotice, true, [])
        case "api":
            state.withLock { $0.commands.append(argument) }
            if configuration.unansweredVerbs.contains(Self.split(argument).0) { return ("", false, []) }
            // The API event is queued when the command has run, so it follows the reply (`event … ALL` only).
            let (output, events) = execute(argument)
            return (Self.apiResponse(output), false, [apiEvent(argument)] + events)
        case "bgapi":
            state.withLock { $0.commands.append(argument) }
            let job = lines.dropFirst().first { $0.lowercased().hasPrefix("job-uuid:") }
                .map { String($0.dropFirst("job-uuid:".count)).trimmingCharacters(in: .whitespaces) }
                ?? UUID().uuidString.lowercased()
            let (output, events) = execute(argument)
            var done = event("BACKGROUND_JOB", callID: nil, ["Job-UUID": job, "Job-Command": Self.split(argument).0,
                                                            "Job-Command-Arg": Self.split(argument).1])
            done.body = output
            // Busy and other rejections hang the channel up before the originate returns; an
            // originate_timeout returns first and the channel is torn down after (real FreeSWITCH order).
            let jobFirst = output.hasPrefix("-ERR NO_ANSWER")
            let after = jobFirst ? [apiEvent(argument), done] + events : events + [apiEvent(argument), done]
            return (Self.reply("+OK Job-UUID: \(job)", extra: [("Job-UUID", job)]), false, after)
        default:
            return (Self.reply("-ERR command not found"), false, [])
        }
    }

    /// Runs an API command; returns its output and the events it causes.
    func execute(_ command: String) -> (String, [FakeEvent]) {
        let (verb, argument) = Self.split(command)
        let words = argument.split(separator: " ").map(String.init)
        switch verb {
        case "status":
            return ("UP 0 years, 0 days, 0 hours, 1 minute\nFreeSWITCH (Version 1.10.12) is ready\n", [])
        case "module_exists":
            return (configuration.loadedModules.contains(argument) ? "true" : "false", [])
        case "uuid_exists":
            return (UUID(uuidString: argument).map { id in state.withLock { $0.calls[id] != nil } } == true ? "true" : "false", [])
        case "originate":
            return originate(argument)
        case "uuid_audio_stream":
            guard words.count >= 2, let callID = UUID(uuidString: words[0]), let call = state.withLock({ $0.calls[callID] }) else {
                return ("-ERR Operation Failed\n", [])
            }
            if words[1] == "start", words.count >= 4 {
                var live: AsyncStream<[[Int16]]>?
                if configuration.keepsAudioStreamOpen {
                    let (stream, continuation) = AsyncStream.makeStream(of: [[Int16]].self)
                    live = stream
                    state.withLock { $0.liveAudio[callID] = continuation }
                }
                state.withLock { $0.calls[callID]?.audioStreamURL = words[2] }
                if case .answer(let audio, let chunk, let hangs, _) = call.scenario {
                    jobSink.yield(.streamAudio(callID: callID, url: words[2], frames: audio, chunkBytes: chunk, hangUpAfter: hangs,
                                               live: live))
                } else {
                    jobSink.yield(.streamAudio(callID: callID, url: words[2], frames: [], chunkBytes: 320, hangUpAfter: false,
                                               live: live))
                }
            }
            return ("+OK Success\n", [])
        case "uuid_broadcast":
            guard words.count >= 2, let callID = UUID(uuidString: words[0]), let call = state.withLock({ $0.calls[callID] }) else {
                return ("-ERR No such channel!\n", [])
            }
            let path = words[1]
            let startsNow = state.withLock { state -> Bool in
                state.calls[callID]?.playbackQueue.append(path)
                return state.calls[callID]?.playbackQueue.count == 1
            }
            var events: [FakeEvent] = []
            if startsNow { events += startPlayback(callID: callID, path: path, scenario: call.scenario) }
            return ("+OK Message sent\n", events)
        case "uuid_break":
            guard let first = words.first, let callID = UUID(uuidString: first) else { return ("-ERR No such channel!\n", []) }
            let head = state.withLock { state -> String? in
                defer { state.calls[callID]?.playbackQueue = [] }
                return state.calls[callID]?.playbackQueue.first
            }
            guard let head else { return ("+OK\n", []) }
            return ("+OK\n", [event("PLAYBACK_STOP", callID: callID, ["Playback-File-Path": head, "Playback-Status": "break",
                                                                      "variable_playback_ms": "40"])])
        case "uuid_kill":
            guard let first = words.first, let callID = UUID(uuidString: first),
                  state.withLock({ $0.calls.removeValue(forKey: callID) }) != nil else { return ("-ERR No such channel!\n", []) }
            endLiveAudio(callID: callID)
            return ("+OK\n", hangupEvents(callID: callID, causeName: "NORMAL_CLEARING", code: 16))
        case "uuid_displace", "uuid_record", "uuid_transfer", "uuid_setvar", "uuid_getvar":
            guard let first = words.first, let callID = UUID(uuidString: first), state.withLock({ $0.calls[callID] }) != nil else {
                return ("-ERR No such channel!\n", [])
            }
            return ("+OK\n", [])
        default:
            return ("-ERR \(verb) Command not found!\n", [])
        }
    }

    private func startPlayback(callID: UUID, path: String, scenario: Scenario) -> [FakeEvent] {
        var events = [event("PLAYBACK_START", callID: callID, ["Playback-File-Path": path])]
        if scenario == .hangupMidPrompt {
            state.withLock { _ = $0.calls.removeValue(forKey: callID) }
            endLiveAudio(callID: callID)
            events.append(event("PLAYBACK_STOP", callID: callID, ["Playback-File-Path": path, "Playback-Status": "break"]))
            events += hangupEvents(callID: callID, causeName: "NORMAL_CLEARING", code: 16)
        } else if configuration.autoCompletePlayback {
            events += playbackDone(callID: callID, status: "done")
        }
        return events
    }

    /// PLAYBACK_STOP for the head of the queue; starts the next one.
    func finishHeadPlayback(callID: UUID, status: String) {
        broadcast(playbackDone(callID: callID, status: status))
    }

    private func playbackDone(callID: UUID, status: String) -> [FakeEvent] {
        let (head, next, scenario) = state.withLock { state -> (String?, String?, Scenario?) in
            guard var call = state.calls[callID], !call.playbackQueue.isEmpty else { return (nil, nil, nil) }
            let head = call.playbackQueue.removeFirst()
            state.calls[callID] = call
            return (head, call.playbackQueue.first, call.scenario)
        }
        guard let head else { return [] }
        // Like mod_sndfile, the duration comes from the file itself (8 kHz 16-bit WAV: 16 bytes per ms).
        let size = (try? FileManager.default.attributesOfItem(atPath: head)[.size] as? Int) ?? 44
        var events = [event("PLAYBACK_STOP", callID: callID, ["Playback-File-Path": head, "Playback-Status": status,
                                                              "variable_playback_ms": "\(max(0, size - 44) / 16)"])]
        if let next, let scenario { events += startPlayback(callID: callID, path: next, scenario: scenario) }
        return events
    }

    private func originate(_ argument: String) -> (String, [FakeEvent]) {
        guard argument.hasPrefix("{"), let close = argument.firstIndex(of: "}") else { return ("-ERR INVALID_GATEWAY\n", []) }
        let variables = Self.parseVariables(String(argument[argument.index(after: argument.startIndex)..<close]))
        let rest = argument[argument.index(after: close)...]
        let (dialString, application) = Self.split(String(rest))
        let parts = dialString.split(separator: "/").map(String.init)
        guard parts.count >= 2, application == "&park()" else { return ("-ERR INVALID_GATEWAY\n", []) }
        // loopback/<number>/<context>, sofia/gateway/<gw>/<number>, user/<number>, sofia/<profile>/<number>@host
        let isLoopback = parts[0] == "loopback"
        let number = isLoopback ? parts[1] : String(parts[parts.count - 1].split(separator: "@").first ?? "")
        guard let idText = variables["origination_uuid"], let callID = UUID(uuidString: idText) else {
            return ("-ERR DESTINATION_OUT_OF_ORDER\n", [])
        }
        let scenario = configuration.scenarios[number] ?? configuration.defaultScenario
        if isLoopback { state.withLock { $0.loopbackLegs[callID] = UUID() } }
        switch scenario {
        case .busy:
            return ("-ERR USER_BUSY\n", hangupEvents(callID: callID, causeName: "USER_BUSY", code: 17))
        case .noAnswer:
            return ("-ERR NO_ANSWER\n", hangupEvents(callID: callID, causeName: "NO_ANSWER", code: 19))
        case .unallocated:
            return ("-ERR UNALLOCATED_NUMBER\n", hangupEvents(callID: callID, causeName: "UNALLOCATED_NUMBER", code: 1))
        case .fail(let name, let code):
            return ("-ERR \(name)\n", hangupEvents(callID: callID, causeName: name, code: code))
        case .answer, .hangupMidPrompt:
            state.withLock { $0.calls[callID] = Call(number: number, scenario: scenario, variables: variables) }
            var events: [FakeEvent] = []
            if let other = state.withLock({ $0.loopbackLegs[callID] }) {
                // The callee's leg answers first, with its own Unique-ID (routing must not mix the legs up).
                events.append(event("CHANNEL_ANSWER", callID: other, ["Answer-State": "answered", "Caller-Destination-Number": number]))
            }
            events += [event("CHANNEL_ANSWER", callID: callID, ["Answer-State": "answered", "Caller-Destination-Number": number,
                                                                   "variable_origination_caller_id_number": variables["origination_caller_id_number"] ?? ""])]
            if case .answer(_, _, _, let verdict?) = scenario, variables["execute_on_answer"] == "amd" {
                events.append(event("CHANNEL_EXECUTE_COMPLETE", callID: callID, [
                    "Application": "amd", "variable_amd_result": verdict,
                    "variable_amd_cause": verdict == "MACHINE" ? "LONGGREETING-2000-1500" : "HUMAN-500-500",
                ]))
            }
            return ("+OK \(callID.uuidString.lowercased())\n", events)
        }
    }

    /// `a=1,b=x\,y` → ["a": "1", "b": "x,y"].
    static func parseVariables(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var current = ""
        var escaped = false
        func flush() {
            if let eq = current.firstIndex(of: "=") {
                result[String(current[..<eq])] = String(current[current.index(after: eq)...])
            }
            current = ""
        }
        for character in text {
            if escaped { current.append(character); escaped = false; continue }
            if character == "\\" { escaped = true; continue }
            if character == "," { flush(); continue }
            current.append(character)
        }
        flush()
        return result
    }

    static func split(_ line: String) -> (String, String) {
        guard let space = line.firstIndex(of: " ") else { return (line, "") }
        return (String(line[..<space]), String(line[line.index(after: space)...]))
    }
}
