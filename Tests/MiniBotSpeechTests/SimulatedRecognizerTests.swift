import Testing
@testable import MiniBotSpeech

/// The simulated engine reports exactly the scripted caller's words, per call, labelled "simulated".
@Suite("Simulated recognizer")
struct SimulatedRecognizerTests {
    private func utter(_ recognizer: SimulatedRecognizer, call: String, frames: Int = 3) async throws -> RecognitionResult {
        let session = try await recognizer.startSession(callID: call, sampleRate: 8_000, hints: [])
        for _ in 0..<frames {
            #expect(try await session.accept([Int16](repeating: 100, count: 160)) == nil)
        }
        return try await session.finish()
    }

    @Test func returnsEachCallsUtterancesInOrder() async throws {
        let script = SimulatedScript()
        let recognizer = SimulatedRecognizer(script: script)
        script.enqueue(["oui c'est moi", "non merci"], for: "A")
        script.enqueue(["allô ?"], for: "B")
        script.enqueue(.said("euh peut-être", confidence: 0.4), for: "A")

        #expect(try await utter(recognizer, call: "A") == .init(text: "oui c'est moi", confidence: 1, isFinal: true, engine: "simulated"))
        #expect(try await utter(recognizer, call: "B").text == "allô ?")
        #expect(try await utter(recognizer, call: "A").text == "non merci")
        #expect(try await utter(recognizer, call: "A") == .init(text: "euh peut-être", confidence: 0.4, isFinal: true, engine: "simulated"))
        #expect(script.pendingCount(for: "A") == 0)
    }

    @Test func emptyQueueMeansSilence() async throws {
        let recognizer = SimulatedRecognizer(script: SimulatedScript())
        #expect(try await utter(recognizer, call: "nobody", frames: 0) == .silence(engine: "simulated"))
        #expect(try await recognizer.startSession(callID: "nobody").finish() == .silence(engine: "simulated"))
    }

    @Test func scriptedFailureIsThrown() async throws {
        let script = SimulatedScript()
        script.enqueue(.failure(.timeout), for: "C")
        script.enqueue(["après la panne"], for: "C")
        let recognizer = SimulatedRecognizer(script: script)

        await #expect(throws: RecognitionError.timeout) { try await utter(recognizer, call: "C") }
        #expect(try await utter(recognizer, call: "C").text == "après la panne")
    }

    @Test func everyResultSaysSimulated() async throws {
        let script = SimulatedScript()
        script.enqueue(["un", "deux"], for: "D")
        let recognizer = SimulatedRecognizer(script: script)
        #expect(recognizer.name == "simulated")
        for _ in 0..<3 {
            #expect(try await utter(recognizer, call: "D").engine == "simulated")
        }
    }

    @Test func removingACallDropsItsScript() {
        let script = SimulatedScript()
        script.enqueue(["x", "y"], for: "E")
        #expect(script.pendingCount(for: "E") == 2)
        script.removeCall("E")
        #expect(script.pendingCount(for: "E") == 0)
        #expect(script.next(for: "E") == nil)
    }

    @Test func sessionIsSingleUse() async throws {
        let session = try await SimulatedRecognizer(script: SimulatedScript()).startSession(sampleRate: 8_000, hints: [])
        _ = try await session.finish()
        await #expect(throws: RecognitionError.self) { try await session.finish() }
        await #expect(throws: RecognitionError.self) { try await session.accept([1]) }
    }

    @Test func concurrentCallersEachGetTheirOwnWords() async throws {
        let script = SimulatedScript()
        let recognizer = SimulatedRecognizer(script: script)
        let calls = (0..<50).map { "call-\($0)" }
        await withTaskGroup(of: Void.self) { group in
            for call in calls {
                group.addTask { script.enqueue(["\(call) premier", "\(call) second"], for: call) }
            }
        }
        let heard = try await withThrowingTaskGroup(of: (String, [String]).self) { group in
            for call in calls {
                group.addTask {
                    (call, [try await utter(recognizer, call: call, frames: 1).text, try await utter(recognizer, call: call, frames: 1).text])
                }
            }
            return try await group.reduce(into: [String: [String]]()) { $0[$1.0] = $1.1 }
        }
        for call in calls {
            #expect(heard[call] == ["\(call) premier", "\(call) second"])
        }
    }
}
