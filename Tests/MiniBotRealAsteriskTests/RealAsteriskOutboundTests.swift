import Foundation
import MiniBotDialer
import Testing

/// Outbound calls through ARI on a real Asterisk: every way a dial can end, on the Stasis route
/// (`AMD_ENABLED=false`, our own AMD on the AudioSocket audio) and on the documented AMD route
/// (`ASTERISK_AMD_CONTEXT=minibot-amd`, docs/pbx/asterisk.md's context as written).
@Suite("RealAsterisk outbound calls over ARI", .serialized, .enabled(if: RealAsterisk.isAvailable, RealAsterisk.skipReason),
       .timeLimit(.minutes(5)))
struct RealAsteriskOutboundTests {
    let asterisk = RealAsterisk.instance

    @Test func answeredCallCarriesAudioBothWaysAndLeavesNothingBehind() async throws {
        let recordings = try TemporaryFolder()
        let number = RealAsterisk.number(.person)
        let call = try await RealAsteriskLine.with(recordings: recordings.path) { place in await place(number) }
        let record = call.record
        #expect(record.answeredAt != nil, "\(record.notes)")
        #expect(record.status == .completed, "\(record.notes)")
        // The dialogue decides the result (the simulated recognizer hears no words: "silences"), not the PBX.
        #expect(![.failed, .busy, .invalidNumber, .answeringMachine].contains(record.result), "\(record.result.map { "\($0)" } ?? "nil"): \(record.notes)")
        #expect(record.amdResult == .human, "our AMD on the AudioSocket audio: \(String(describing: record.amdResult))")
        // The bot was heard by the callee (MixMonitor on the callee's side of the line).
        let heard = try await asterisk.heard(number)
        #expect(rms(heard) > audibleRMS / 4, "the callee heard silence")
        #expect(heard.count > 8_000 * 3)
        // The callee was heard by the bot (left channel of our stereo recording).
        let ours = try #require(record.recordingPath)
        let stereo = try WAVSamples.read(ours)
        let caller = stride(from: 0, to: stereo.count, by: 2).map { stereo[$0] }
        #expect(rms(caller) > audibleRMS / 4, "the bot heard silence")
        let idle = try await asterisk.waitUntilIdle()
        #expect(idle.channels.isEmpty, "channels left: \(idle.channels)")
        #expect(idle.bridges.isEmpty, "bridges left: \(idle.bridges)")
    }

    @Test(arguments: [
        (RealAsterisk.Callee.busy, CallResult.busy, 17),
        (RealAsterisk.Callee.congestion, CallResult.failed, 34),
        (RealAsterisk.Callee.unallocated, CallResult.invalidNumber, 1),
        (RealAsterisk.Callee.noAnswer, CallResult.noAnswer, 19),
    ])
    func unansweredOutcomes(callee: RealAsterisk.Callee, expected: CallResult, cause: Int) async throws {
        for amdContext in [nil, "minibot-amd"] as [String?] {
            let number = RealAsterisk.number(callee)
            let call = try await RealAsteriskLine.with(amdContext: amdContext, ringTimeout: 5) { place in await place(number) }
            let route = amdContext == nil ? "Stasis route" : "AMD route"
            #expect(call.record.result == expected, "\(route): \(call.record.notes)")
            #expect(call.record.hangupCause == cause, "\(route): \(call.record.notes)")
            #expect(call.record.answeredAt == nil, "\(route)")
            // Decided by events, not by the 15 s safety margin after the ring timeout.
            #expect(call.seconds < 5 + 3, "\(route): took \(call.seconds) s")
        }
        let idle = try await asterisk.waitUntilIdle()
        #expect(idle.channels.isEmpty, "channels left: \(idle.channels)")
    }

    /// The callee hangs up ~2 s after answering, while the 5 s greeting plays: the call ends within
    /// a second of that, and the bridge and the externalMedia channel go with it.
    @Test func calleeHangingUpMidPromptEndsTheCallAtOnce() async throws {
        let number = RealAsterisk.number(.hangsUpMidPrompt)
        let calleeLifetime = 0.7 + 1.5 // "Allô ?" then Wait(1.5)
        let call = try await RealAsteriskLine.with { place in await place(number) }
        let record = call.record
        let answered = try #require(record.answeredAt, "\(record.notes)")
        let ended = try #require(record.endedAt)
        let talked = ended.timeIntervalSince(answered)
        #expect(talked < calleeLifetime + 1.0, "the call went on \(talked) s after answer; the callee left after ~\(calleeLifetime) s")
        #expect(talked > calleeLifetime - 0.8)
        let idle = try await asterisk.waitUntilIdle(timeout: .seconds(2))
        #expect(idle.channels.isEmpty, "channels left: \(idle.channels)")
        #expect(idle.bridges.isEmpty, "bridges left: \(idle.bridges)")
    }

    @Test(arguments: [nil, "minibot-amd"] as [String?])
    func voicemailIsAnAnsweringMachine(amdContext: String?) async throws {
        let number = RealAsterisk.number(.voicemail)
        let call = try await RealAsteriskLine.with(amdContext: amdContext) { place in await place(number) }
        #expect(call.record.result == .answeringMachine, "\(call.record.notes)")
        #expect(call.record.amdResult == .machine)
        if amdContext != nil {
            #expect(call.record.notes.hasPrefix("PBX answering-machine detection: MACHINE"), "\(call.record.notes)")
        }
        #expect(call.seconds < 15, "a machine must free the line early, took \(call.seconds) s")
        let idle = try await asterisk.waitUntilIdle()
        #expect(idle.channels.isEmpty, "channels left: \(idle.channels)")
    }

    /// A person says "Allô ?" and waits: Asterisk's AMD() says HUMAN, and the conversation goes
    /// on (the bot's greeting is heard after the AMD analysis) instead of a hang-up on a human.
    @Test func personOnTheAMDRouteIsHumanAndTheConversationGoesOn() async throws {
        let number = RealAsterisk.number(.person)
        let call = try await RealAsteriskLine.with(amdContext: "minibot-amd") { place in await place(number) }
        let record = call.record
        #expect(record.amdResult == .human, "\(record.notes)")
        #expect(record.result != .answeringMachine && record.result != .failed, "\(record.notes)")
        #expect((record.durationSeconds ?? 0) > 8, "the bot must keep talking to a person")
        let heard = try await asterisk.heard(number)
        // 8 kHz: the bot speaks after AMD's analysis (~1-2 s), for seconds.
        let afterAnalysis = heard.dropFirst(8_000 * 3).prefix(8_000 * 5)
        #expect(rms(afterAnalysis) > audibleRMS / 4, "the callee heard no bot after AMD")
    }

    @Test func tenAnsweredCallsInParallelWithoutFailure() async throws {
        let numbers = (0..<10).map { _ in RealAsterisk.number(.hangsUpMidPrompt) }
        let calls = try await RealAsteriskLine.with { place in
            await withTaskGroup(of: RealAsteriskLine.Call.self) { group in
                for number in numbers { group.addTask { await place(number) } }
                var calls: [RealAsteriskLine.Call] = []
                for await call in group { calls.append(call) }
                return calls
            }
        }
        #expect(calls.count == 10)
        for call in calls {
            #expect(call.record.answeredAt != nil, "\(call.national): \(call.record.notes)")
            #expect(call.record.status != .failed && call.record.result != .failed, "\(call.national): \(call.record.notes)")
        }
        for number in numbers {
            let heard = try await asterisk.heard(number)
            #expect(rms(heard) > audibleRMS / 4, "\(number) heard no bot")
        }
        let idle = try await asterisk.waitUntilIdle()
        #expect(idle.channels.isEmpty, "channels left: \(idle.channels)")
        #expect(idle.bridges.isEmpty, "bridges left: \(idle.bridges)")
    }

    /// The far end answers and never sends a frame: the silence timeouts still fire (greeting, 3 s,
    /// "Allô, vous m'entendez ?", 3 s, goodbye) and the duration and the recording follow the wall clock.
    /// No AMD at all here: any AMD calls a silent line a machine (INITIALSILENCE), see the campaign test.
    @Test func silentFarEndStillTimesOutOnTheWallClock() async throws {
        let recordings = try TemporaryFolder()
        let number = RealAsterisk.number(.silent)
        let call = try await RealAsteriskLine.with(dualLayer: false, recordings: recordings.path) { place in await place(number) }
        let record = call.record
        #expect(record.result == .noAnswer, "\(record.notes)")
        let answered = try #require(record.answeredAt), ended = try #require(record.endedAt)
        let wall = ended.timeIntervalSince(answered)
        let duration = try #require(record.durationSeconds)
        #expect(wall > 8 && wall < 30, "the bot hung up after \(wall) s (the callee waits 60 s)")
        #expect(abs(duration - wall) < 0.6, "duration \(duration) s for \(wall) s of call")
        let stereo = try WAVSamples.read(try #require(record.recordingPath))
        let seconds = Double(stereo.count / 2) / 8_000
        #expect(abs(seconds - wall) < 0.6, "recording \(seconds) s for \(wall) s of call")
    }
}

/// A temporary folder removed when the value is released.
final class TemporaryFolder: Sendable {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("rast-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

import MiniBotAudio
enum WAVSamples {
    static func read(_ path: String) throws -> [Int16] { try WAV.read(path: path).buffer.samples }
}
