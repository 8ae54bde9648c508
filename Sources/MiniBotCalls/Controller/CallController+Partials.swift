import MiniBotSpeech

/// Barge-in on words: with ``CallControllerConfiguration/bargeInRequiresWords``, caller sound over
/// a prompt starts recognition but leaves the prompt playing; the recognizer's first words
/// (a streaming engine's partial, or the final text) interrupt it, and an utterance with no
/// words is dropped while the prompt goes on.
extension CallController {
    struct HeldBargeIn: Sendable, Equatable {
        var promptID: String
        var utterance: Int
        var speechStartFrame: Int
    }

    mutating func handlePartial(_ result: RecognitionResult, utterance: Int, into out: inout [CallCommand]) {
        guard let held = heldBargeIn, held.utterance == utterance,
              result.text.contains(where: { !$0.isWhitespace }) else { return }
        out.append(.trace("words heard during prompt \(held.promptID): \"\(result.text)\""))
        interruptHeldPrompt(into: &out)
    }

    /// For the final text of `utterance`: interrupts a held prompt when words were heard. Returns
    /// `false` when the result must be dropped (no words, and the prompt is still playing).
    mutating func holdsPrompt(afterFinal text: String, utterance: Int, into out: inout [CallCommand]) -> Bool {
        guard let held = heldBargeIn, held.utterance == utterance else { return true }
        guard text.isEmpty else {
            interruptHeldPrompt(into: &out)
            return true
        }
        heldBargeIn = nil
        guard queue.first?.playbackID == held.promptID else { return true }  // the prompt ended: an ordinary silence
        pending = nil
        out.append(.trace("no words in the caller's sound during prompt \(held.promptID): the prompt goes on"))
        return false
    }

    private mutating func interruptHeldPrompt(into out: inout [CallCommand]) {
        guard let held = heldBargeIn else { return }
        heldBargeIn = nil
        guard queue.first?.playbackID == held.promptID else { return }  // it already ended
        let frame = max(0, frameIndex - 1)
        bargeInCount += 1
        stopPlayback(at: frame, into: &out)
        out.append(.bargeIn(promptID: held.promptID, speechStartFrame: held.speechStartFrame, stoppedAtFrame: frame))
    }
}
