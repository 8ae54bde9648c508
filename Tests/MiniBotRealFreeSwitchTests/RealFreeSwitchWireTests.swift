import Foundation
import MiniBotTelephony
import NIOCore
import NIOPosix
import Testing

/// What FreeSWITCH 1.10 really sends on the Event Socket, checked against the assumptions our client
/// and the fake switch (MiniBotTestKit/FakeFreeSwitch) make. Each case here has a twin in the fake.
@Suite("RealFreeSwitch wire", .serialized, .timeLimit(.minutes(3)), .enabled(if: RealFreeSwitch.isAvailable, RealFreeSwitch.skipReason))
struct RealFreeSwitchWireTests {
    /// Collects every event a client receives, for order checks.
    final class EventLog: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [ESLEvent] = []
        func append(_ event: ESLEvent) { lock.withLock { events.append(event) } }
        var all: [ESLEvent] { lock.withLock { events } }
    }

    static func collect(_ client: ESLClient) -> (EventLog, Task<Void, Never>) {
        let log = EventLog()
        let stream = client.events()
        let task = Task { for await event in stream { log.append(event) } }
        return (log, task)
    }

    @Test func bgapiHonoursOurJobUUIDAndReportsBusyAfterTheHangup() async throws {
        try await RealFreeSwitch.withClient { client in
            let (log, task) = Self.collect(client)
            defer { task.cancel() }
            let id = UUID().uuidString.lowercased()
            let number = RealFreeSwitch.Callee.busy.number(block: 1)
            let output = try await within(.seconds(20), "busy originate") {
                try await client.bgapi("originate {origination_uuid=\(id),originate_timeout=5}loopback/\(number)/minibot-test &park()")
            }
            #expect(output == "-ERR USER_BUSY")
            // The log's reader task may lag behind our bgapi's waiter.
            try await eventually(.seconds(2), "BACKGROUND_JOB in the log") { log.all.contains { $0.name == "BACKGROUND_JOB" } }
            // Busy: our leg's CHANNEL_HANGUP_COMPLETE usually arrives before the BACKGROUND_JOB, but not
            // always (the originate thread and the channel's thread race; a CI run saw the job first).
            // So `FreeSwitchDialer` takes the recorded cause if it came, else the job's `-ERR USER_BUSY`:
            // both say busy (Q.850 17).
            try await eventually(.seconds(5), "our leg's hangup in the log") {
                log.all.contains { $0["Unique-ID"] == id && $0.name == "CHANNEL_HANGUP_COMPLETE" }
            }
            #expect(Q850Cause(name: "USER_BUSY")?.code == 17)
            let complete = try #require(log.all.first { $0["Unique-ID"] == id && $0.name == "CHANNEL_HANGUP_COMPLETE" })
            #expect(complete["variable_hangup_cause_q850"] == "17", "\(complete["Hangup-Cause"] ?? "")")
        }
    }

    @Test func noAnswerReportsTheJobBeforeTheHangup() async throws {
        try await RealFreeSwitch.withClient { client in
            let (log, task) = Self.collect(client)
            defer { task.cancel() }
            let id = UUID().uuidString.lowercased()
            let number = RealFreeSwitch.Callee.noAnswer.number(block: 1)
            let started = ContinuousClock.now
            let output = try await within(.seconds(20), "unanswered originate") {
                try await client.bgapi("originate {origination_uuid=\(id),originate_timeout=3}loopback/\(number)/minibot-test &park()")
            }
            #expect(output == "-ERR NO_ANSWER")
            #expect(ContinuousClock.now - started < .seconds(6))
            try await eventually(.seconds(5), "hangup of the unanswered leg") {
                log.all.contains { $0["Unique-ID"] == id && $0.name == "CHANNEL_HANGUP_COMPLETE" }
            }
            let names = log.all.filter { $0["Unique-ID"] == id || $0.name == "BACKGROUND_JOB" }.map(\.name)
            let job = try #require(names.firstIndex(of: "BACKGROUND_JOB"))
            let hangup = try #require(names.firstIndex(of: "CHANNEL_HANGUP_COMPLETE"))
            #expect(job < hangup, "no answer: the job result first, then the channel's hangup: \(names)")
            try await eventually(.seconds(3), "no channel left") { try await RealFreeSwitch.channelCount(client) == 0 }
        }
    }

    @Test func aLoopbackCallHasTwoLegsWithTheirOwnUniqueIDs() async throws {
        try await RealFreeSwitch.withClient { client in
            let (log, task) = Self.collect(client)
            defer { task.cancel() }
            let id = UUID().uuidString.lowercased()
            let number = RealFreeSwitch.Callee.silent.number(block: 1)
            let output = try await within(.seconds(20), "answered originate") {
                try await client.bgapi("originate {origination_uuid=\(id)}loopback/\(number)/minibot-test &park()")
            }
            #expect(output == "+OK \(id)")
            try await client.api("uuid_kill \(id)")
            try await eventually(.seconds(5), "both legs hung up") {
                log.all.filter { $0.name == "CHANNEL_HANGUP_COMPLETE" && ($0["Channel-Name"] ?? "").contains(number) }.count >= 2
            }
            let answers = log.all.filter { $0.name == "CHANNEL_ANSWER" && ($0["Channel-Name"] ?? "").contains(number) }
            let ids = Set(answers.compactMap { $0["Unique-ID"] })
            #expect(ids.count == 2 && ids.contains(id), "two legs, ours is origination_uuid: \(answers.map { $0["Channel-Name"] ?? "" })")
            #expect(answers.contains { $0["Unique-ID"] == id && ($0["Channel-Name"] ?? "").hasSuffix("-a") })
            try await eventually(.seconds(3), "no channel left") { try await RealFreeSwitch.channelCount(client) == 0 }
        }
    }

    @Test func anAPIEventFollowsEachCommandWhenSubscribedToAll() async throws {
        try await RealFreeSwitch.withClient(events: ["ALL"]) { client in
            let (log, task) = Self.collect(client)
            defer { task.cancel() }
            _ = try await client.api("status")
            // Observed: queued when the command has run, so it arrives after the api/response.
            try await eventually(.seconds(2), "API event of `api status`") { log.all.contains { $0.name == "API" && $0["API-Command"] == "status" } }
            let output = try await client.bgapi("status")
            #expect(output.contains("UP"))
            // bgapi: the API event arrives before the BACKGROUND_JOB (which our bgapi waited for).
            try await eventually(.seconds(2), "BACKGROUND_JOB in the log") { log.all.contains { $0.name == "BACKGROUND_JOB" } }
            let names = log.all.filter { $0.name == "API" || $0.name == "BACKGROUND_JOB" }.map(\.name)
            #expect(names == ["API", "API", "BACKGROUND_JOB"], "\(names)")
        }
    }

    @Test func aWrongPasswordIsRefusedWithADisconnectNotice() async throws {
        let port = try #require(RealFreeSwitch.port)
        let reply = try await within(.seconds(10), "auth reply") { try await Self.rawExchange(port: port, send: "auth not-the-password\n\n") }
        #expect(reply.contains("Content-Type: command/reply"))
        #expect(reply.contains("Reply-Text: -ERR invalid"))
        #expect(reply.contains("Content-Type: text/disconnect-notice"), "\(reply)")
    }

    @Test func modAudioStreamSends320ByteFramesToOurServerAndUUIDBreakStopsPlayback() async throws {
        let streams = try await AudioStreamServer.bind(configuration: .init(host: "127.0.0.1", port: 0))
        let frames = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await streams.run() }
            defer {
                group.cancelAll()
            }
            try await RealFreeSwitch.withClient { client in
                let (log, task) = Self.collect(client)
                defer { task.cancel() }
                let callID = UUID()
                let id = callID.uuidString.lowercased()
                let number = RealFreeSwitch.Callee.answer.number(block: 1)
                streams.expect(callID: callID) { samples in frames.add(samples.count) }
                let output = try await client.bgapi("originate {origination_uuid=\(id)}loopback/\(number)/minibot-test &park()")
                #expect(output == "+OK \(id)")
                let started = try await client.api("uuid_audio_stream \(id) start \(streams.streamURL(for: callID)) mono 8k")
                #expect(started.hasPrefix("+OK"))
                try await eventually(.seconds(5), "caller audio frames") { frames.value >= 50 }
                #expect(frames.sizes.allSatisfy { $0 == 160 }, "20 ms of 8 kHz L16 per frame")
                #expect(streams.statistics.metadataMessages == 0 || streams.statistics.metadataMessages == 1)
                // A long prompt, broken while playing: PLAYBACK_STOP says `break`.
                let file = try #require(try FileManager.default.contentsOfDirectory(atPath: "\(RealFreeSwitch.directory!)/media")
                    .first { $0 == "machine.wav" })
                try await client.api("uuid_broadcast \(id) \(RealFreeSwitch.directory!)/media/\(file) aleg")
                try await eventually(.seconds(5), "PLAYBACK_START") { log.all.contains { $0.name == "PLAYBACK_START" && $0["Unique-ID"] == id } }
                try await client.api("uuid_break \(id) all")
                try await eventually(.seconds(3), "PLAYBACK_STOP") { log.all.contains { $0.name == "PLAYBACK_STOP" && $0["Unique-ID"] == id } }
                let stop = try #require(log.all.first { $0.name == "PLAYBACK_STOP" && $0["Unique-ID"] == id })
                #expect(stop["Playback-Status"] == "break")
                #expect(stop["Playback-File-Path"]?.hasSuffix("machine.wav") == true)
                #expect(Int(stop["variable_playback_ms"] ?? "") != nil)
                try await client.api("uuid_kill \(id)")
                try await eventually(.seconds(5), "no channel left") { try await RealFreeSwitch.channelCount(client) == 0 }
            }
        }
        await streams.shutdownGracefully()
    }

    /// A silent far end still produces 20 ms frames (the call clock must not depend on them, but a
    /// recogniser fed by them keeps its pace): about 50 per second, even with nothing said.
    @Test func aSilentCalleeStillStreamsFramesInRealTime() async throws {
        let streams = try await AudioStreamServer.bind(configuration: .init(host: "127.0.0.1", port: 0))
        let frames = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await streams.run() }
            defer { group.cancelAll() }
            try await RealFreeSwitch.withClient { client in
                let callID = UUID()
                let id = callID.uuidString.lowercased()
                streams.expect(callID: callID) { samples in frames.add(samples.count) }
                let output = try await client.bgapi("originate {origination_uuid=\(id)}loopback/\(RealFreeSwitch.Callee.silent.number(block: 7))/minibot-test &park()")
                #expect(output == "+OK \(id)")
                try await client.api("uuid_audio_stream \(id) start \(streams.streamURL(for: callID)) mono 8k")
                try await eventually(.seconds(3), "first frame") { frames.value > 0 }
                let start = frames.value
                try await Task.sleep(for: .seconds(2))
                let perSecond = Double(frames.value - start) / 2
                #expect((35...65).contains(perSecond), "\(perSecond) frames/s from a silent callee")
                try await client.api("uuid_kill \(id)")
                try await eventually(.seconds(5), "no channel left") { try await RealFreeSwitch.channelCount(client) == 0 }
            }
        }
        await streams.shutdownGracefully()
    }

    /// One raw exchange on a fresh socket: read the greeting, send `text`, read until the peer closes.
    static func rawExchange(port: Int, send text: String) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: RealFreeSwitch.host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var received = ""
            var sent = false
            for try await var buffer in inbound {
                received += buffer.readString(length: buffer.readableBytes) ?? ""
                if !sent, received.contains("auth/request") {
                    try await outbound.write(ByteBuffer(string: text))
                    sent = true
                }
            }
            return received
        }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var seen: Set<Int> = []
    func add(_ size: Int) { lock.withLock { count += 1; seen.insert(size) } }
    var value: Int { lock.withLock { count } }
    var sizes: Set<Int> { lock.withLock { seen } }
}
