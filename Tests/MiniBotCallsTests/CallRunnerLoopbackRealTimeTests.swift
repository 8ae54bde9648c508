import Foundation
import MiniBotAudio
import MiniBotCalls
import MiniBotDialogue
import MiniBotTelephony
import Testing

/// Whole calls over real loopback TCP: the simulated PBX dials the AudioSocket service running
/// the finance scenario with the simulated recognizer.
@Suite("Calls over loopback AudioSocket")
struct CallRunnerLoopbackRealTimeTests {
    @Test func anInterestedContactBecomesALeadWithTranscriptAndStereoRecording() async throws {
        let persona = Persona(name: "interested", turns: [
            .say("oui c'est moi"), .say("oui j'en ai un"), .say("c'est trop cher"), .say("oui ça m'intéresse"),
            .say("oui d'accord"), .say("demain matin"),
        ])
        let (outcome, reports, _) = try await Loopback.run(scenario: try Fixtures.finance(timeout: 3)) { pbx in
            try await pbx.call(persona)
        }
        let report = try #require(reports.first)
        #expect(report.result == .lead)
        #expect(report.score >= 70)
        #expect(report.engine == "simulated")
        #expect(outcome.endedBy == .bot)
        let callerTurns = report.turns.filter { $0.speaker == .caller }
        #expect(callerTurns.map(\.text).contains("c'est trop cher"))
        #expect(callerTurns.allSatisfy { $0.engine == "simulated" })
        #expect(!report.reactionTimesMs.isEmpty)
        let paths = try #require(report.recording)
        let (buffer, format) = try WAV.read(path: paths.wav)
        #expect(format.channels == 2)
        let callerEnergy = buffer.channel(0).reduce(0) { $0 + abs(Int($1)) }
        let botEnergy = buffer.channel(1).reduce(0) { $0 + abs(Int($1)) }
        #expect(callerEnergy > 0 && botEnergy > 0)
        #expect(abs(buffer.frameCount / 8 - report.durationMs) <= 20)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: paths.json))) as? [String: Any]
        #expect(json?["result"] as? String == "lead")
        let text = try String(contentsOfFile: paths.text, encoding: .utf8)
        #expect(text.contains("CALLER") && text.contains("simulated"))
    }

    @Test func aSilentContactEndsAsNoAnswer() async throws {
        let (outcome, reports, _) = try await Loopback.run(scenario: try Fixtures.finance(timeout: 1)) { pbx in
            try await pbx.call(.silent)
        }
        #expect(reports.first?.result == .noAnswer)
        #expect(outcome.endedBy == .bot)
        #expect(outcome.promptsHeard >= 2)
    }

    @Test func anAnsweringMachineIsHungUpOn() async throws {
        var configuration = CallControllerConfiguration(answeringMachineDetection: .asteriskDefaults)
        configuration.detectsInBandDTMF = false
        let (outcome, reports, _) = try await Loopback.run(scenario: try Fixtures.finance(timeout: 2),
                                                           controller: configuration) { pbx in
            try await pbx.call(.answeringMachine(greetingMs: 6_000))
        }
        let report = try #require(reports.first)
        #expect(report.result == .answeringMachine)
        #expect(report.amdVerdict == .machine)
        #expect(outcome.endedBy == .bot)
        #expect(report.durationMs < 3_000)
    }

    @Test func aHangUpMidPromptIsRecordedCleanly() async throws {
        let persona = Persona(name: "impatient", turns: [.hangUpDuringPrompt(afterMs: 600)])
        let (outcome, reports, _) = try await Loopback.run(scenario: try Fixtures.finance(timeout: 2)) { pbx in
            try await pbx.call(persona)
        }
        #expect(outcome.endedBy == .caller)
        let report = try #require(reports.first)
        let paths = try #require(report.recording)
        let (buffer, _) = try WAV.read(path: paths.wav)
        #expect(buffer.channels == 2)
        #expect(buffer.frameCount > 0 && buffer.frameCount / 8 <= report.durationMs + 20)
        #expect(buffer.channel(1).contains { $0 != 0 })          // the cut prompt is in the bot channel
        #expect(FileManager.default.fileExists(atPath: paths.json))
    }

    @Test func bargeInStopsTheBotWithin100msOfTheSpeechStart() async throws {
        let persona = Persona(name: "interrupts", turns: [.bargeIn("oui c'est moi", afterMs: 3_500), .hangUp])
        // 80 ms per character: the greeting lasts about 5 s, longer than 3.5 s + the 3 s grace.
        let (outcome, reports, _) = try await Loopback.run(scenario: try Fixtures.finance(timeout: 3),
                                                           promptMsPerCharacter: 80) { pbx in
            try await pbx.call(persona)
        }
        let latency = try #require(outcome.bargeInStopLatencyMs)
        let vadStartMs = Double(EndpointerConfiguration.telephone.speechStartMs)
        #expect(latency - vadStartMs < 100)
        let firstPrompt = try #require(outcome.promptDurationsMs.first)
        #expect(firstPrompt < 3_500 + 200)
        #expect(reports.first?.bargeInCount == 1)
        print("barge-in: bot silent \(latency) ms after the caller's first frame (VAD start \(vadStartMs) ms)")
    }

    @Test func withBargeInOffThePromptPlaysToTheEnd() async throws {
        let persona = Persona(name: "talks over", turns: [.bargeIn("oui", afterMs: 1_500), .hangUp])
        let (outcome, reports, _) = try await Loopback.run(scenario: try Fixtures.finance(timeout: 3, bargeIn: false),
                                                           promptMsPerCharacter: 60) { pbx in
            try await pbx.call(persona)
        }
        let report = try #require(reports.first)
        #expect(report.bargeInCount == 0)
        let greeting = try #require(report.turns.first { $0.speaker == .bot })
        #expect(greeting.engine == "played")
        let heard = try #require(outcome.promptDurationsMs.first)
        #expect(heard >= greeting.text.count * 60 - 100)
    }

    @Test func aHungRecognizerNeverStallsTheCall() async throws {
        // If the runner awaited the recognizer inline, no inbound frame would be counted and the
        // 1 s recognition timeout (counted in caller frames) could never fire.
        var configuration = CallControllerConfiguration()
        configuration.recognitionTimeoutMs = 1_000
        let persona = Persona(name: "patient", turns: [.say("oui c'est moi"), .hangUp])
        let (outcome, reports, _) = try await Loopback.run(scenario: try Fixtures.finance(timeout: 3), controller: configuration,
                                                           recognizer: { _ in UnresponsiveRecognizer() }) { pbx in
            try await pbx.call(persona)
        }
        #expect(outcome.endedBy == .caller)
        let report = try #require(reports.first)
        let phrases = DialoguePhrases()
        #expect(report.turns.contains { $0.speaker == .bot && $0.text == phrases.pleaseRepeat })
    }
}
