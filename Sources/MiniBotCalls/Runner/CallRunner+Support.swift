import MiniBotSpeech
import MiniBotTelephony
import Synchronization

/// What reaches a call's main loop: PBX events and the results of its own child tasks.
enum RunnerInput: Sendable {
    /// The call is answered: the controller starts (greeting, or AMD first).
    case start
    case event(CallEvent)
    case eventsEnded
    /// `latencyMs`: from the end of the caller's audio to the recognizer's final text.
    case recognized(RecognitionResult, utterance: Int, latencyMs: Double)
    /// A partial result the recognizer returned while the caller was still speaking.
    case partial(RecognitionResult, utterance: Int)
    case recognitionFailed(RecognitionFailure, utterance: Int)
    /// The player resolved a prompt and is handing it to the PBX (for the recording's bot channel).
    case promptQueued(Prompt, generation: Int)
    /// The wall clock's reading (``CallClock/now``), every 100 ms on live calls.
    case tick(Duration)
    /// Progress of a language-model job.
    case languageModel(LanguageModelEvent)
    /// The line's answer to a transfer (`nil`: nobody could connect it).
    case transferEnded(target: String, result: TransferResult?)
}

/// How a call's child tasks hand their results to the call (``RunnerCore/step(_:)``).
typealias RunnerDelivery = @Sendable (RunnerInput) -> Void

/// A play command tagged with the barge-in generation it belongs to.
struct PlayJob: Sendable {
    var request: PromptRequest
    var generation: Int
}

/// Incremented on every stop: prompts resolved for an older generation are never played.
final class PlaybackGate: Sendable {
    private let value = Atomic<Int>(0)
    var current: Int { value.load(ordering: .acquiring) }
    func bump() { value.add(1, ordering: .releasing) }
}

/// Utterances whose result is no longer wanted: their recognition task never calls `finish()`
/// (which, for the simulated engine, would consume a scripted line).
final class CancelledUtterances: Sendable {
    private let ids = Mutex<Set<Int>>([])
    func insert(_ id: Int) { _ = ids.withLock { $0.insert(id) } }
    func contains(_ id: Int) -> Bool { ids.withLock { $0.contains(id) } }
}

enum RunnerTasks {
    /// Plays prompts in order, off the call's main loop, so resolving one (espeak-ng) never
    /// stalls inbound frames. A stop that races with a `play` is repaired by a second stop.
    static func player(jobs: AsyncStream<PlayJob>, session: any CallSession, prompts: PromptLibrary, ambience: Ambience?,
                       gate: PlaybackGate, deliver: RunnerDelivery) async {
        var ambienceOffset = 0
        for await job in jobs {
            let skipped = RunnerInput.event(.playbackFinished(
                PlaybackReport(promptID: job.request.playbackID, framesPlayed: 0, interrupted: true)))
            guard gate.current == job.generation else { deliver(skipped); continue }
            var prompt = await prompts.prompt(for: job.request)
            if let ambience { prompt = ambience.mix(prompt, offset: &ambienceOffset) }
            guard gate.current == job.generation else { deliver(skipped); continue }
            deliver(.promptQueued(prompt, generation: job.generation))
            await session.play(prompt)
            if gate.current != job.generation { await session.stop() }
        }
    }

    /// One utterance: opens a session, feeds it the frames as they come, returns the final text
    /// as an input of the call's loop. Runs as a child task so the loop keeps consuming audio.
    static func recognize(utterance: Int, callID: String, recognizer: any SpeechRecognizer, hints: [String],
                          frames: AsyncStream<[Int16]>, cancelled: CancelledUtterances,
                          deliver: RunnerDelivery) async {
        do {
            let session = try await recognizer.startSession(callID: callID, sampleRate: TelephoneAudioRate.value, hints: hints)
            for await frame in frames {
                if let partial = try await session.accept(frame), !cancelled.contains(utterance) {
                    deliver(.partial(partial, utterance: utterance))
                }
            }
            guard !cancelled.contains(utterance), !Task.isCancelled else { return }
            let finishing = ContinuousClock.now
            let result = try await session.finish()
            deliver(.recognized(result, utterance: utterance, latencyMs: (ContinuousClock.now - finishing).milliseconds))
        } catch {
            guard !cancelled.contains(utterance) else { return }
            deliver(.recognitionFailed(RecognitionFailure(error), utterance: utterance))
        }
    }
}

import MiniBotAudio
enum TelephoneAudioRate { static let value = TelephoneAudio.sampleRate }

extension Duration {
    /// The duration in (fractional) milliseconds, for latency figures.
    var milliseconds: Double {
        Double(components.seconds) * 1_000 + Double(components.attoseconds) / 1e15
    }
}
