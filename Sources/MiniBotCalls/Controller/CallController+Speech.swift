import MiniBotAudio
import MiniBotDialogue
import MiniBotLanguage
import MiniBotSpeech

/// Caller speech: endpointing, barge-in, pre-roll and recognition results.
extension CallController {
    var graceFrames: Int { CallControllerConfiguration.frames(ms: configuration.bargeInGraceMs) }

    mutating func processSpeech(_ frame: [Int16], number: Int, into out: inout [CallCommand]) {
        preRoll.append(frame)
        let event = endpointer.process(frame)
        switch event {
        case .speechStarted(let atMs)?:
            speechStarted(atMs: atMs, frame: number, into: &out)
        case .speechEnded(let startMs, let endMs)?:
            if case .recognizing(let utterance, _) = capture {
                out.append(.feedRecognition(frame, utterance: utterance))
                out.append(.finishRecognition(utterance: utterance))
                out.append(.endpoint(atFrame: number))
                pending = PendingRecognition(
                    utterance: utterance, startMs: startMs, endMs: endMs,
                    deadline: number + CallControllerConfiguration.frames(ms: configuration.recognitionTimeoutMs))
            }
            capture = nil
        case nil:
            if case .recognizing(let utterance, _) = capture {
                if endpointer.isInSpeech {
                    out.append(.feedRecognition(frame, utterance: utterance))
                } else {
                    // Too short to count (minSpeechMs): the endpointer dropped it silently.
                    out.append(.cancelRecognition(utterance: utterance))
                    capture = nil
                }
            } else if capture == .ignored, !endpointer.isInSpeech {
                capture = nil
            }
        }
    }

    mutating func speechStarted(atMs: Int, frame number: Int, into out: inout [CallCommand]) {
        guard phase.isListening else {
            capture = .ignored
            out.append(.trace("caller speech at \(atMs) ms ignored (dialogue not listening)"))
            return
        }
        guard pending == nil else {
            capture = .ignored
            out.append(.trace("caller speech at \(atMs) ms ignored (previous utterance still being recognised)"))
            return
        }
        if let head = queue.first {
            let played = number - headStartFrame
            guard head.bargeIn, played >= graceFrames else {
                capture = .ignored
                let why = head.bargeIn ? "within the \(configuration.bargeInGraceMs) ms grace period" : "barge-in disabled"
                out.append(.trace("caller speech at \(atMs) ms during prompt \(head.playbackID) ignored (\(why))"))
                return
            }
            if configuration.bargeInRequiresWords {
                heldBargeIn = HeldBargeIn(promptID: head.playbackID, utterance: nextUtterance, speechStartFrame: atMs / 20)
                out.append(.trace("caller speech at \(atMs) ms during prompt \(head.playbackID): interrupting once words are heard"))
            } else {
                bargeInCount += 1
                let promptID = head.playbackID
                stopPlayback(at: number, into: &out)
                out.append(.bargeIn(promptID: promptID, speechStartFrame: atMs / 20, stoppedAtFrame: number))
            }
        }
        guard languageModelAllowsSpeech(atMs: atMs, into: &out) else {
            capture = .ignored
            return
        }
        silenceDeadline = nil
        let utterance = nextUtterance
        nextUtterance += 1
        capture = .recognizing(utterance: utterance, startFrame: atMs / 20)
        out.append(.startRecognition(utterance: utterance))
        for earlier in preRoll.drain() {
            out.append(.feedRecognition(earlier, utterance: utterance))
        }
    }

    mutating func handleRecognized(_ result: RecognitionResult, utterance: Int, into out: inout [CallCommand]) {
        guard let waiting = pending, waiting.utterance == utterance else {
            out.append(.trace("stale recognition result for utterance \(utterance) ignored"))
            return
        }
        let text = result.text.trimmedWhitespace
        if !holdsPrompt(afterFinal: text, utterance: utterance, into: &out) { return }
        pending = nil
        let understood = text.isEmpty ? Understanding.silence() : nlu.understand(text, themes: themes)
        if let score = understood.sentiment { sentiments.append(score) }
        let turn = Turn(speaker: .caller, text: text, intent: understood.intent.intent.rawValue,
                        confidence: result.confidence, sentiment: understood.sentiment?.sentiment,
                        startMs: waiting.startMs, endMs: waiting.endMs, engine: result.engine)
        if startIntentFallback(understood, turn: turn, into: &out) { return }
        out.append(.recordTurn(turn))
        dialogue(.utterance(understood), into: &out)
    }
}

private extension String {
    /// The text without leading/trailing whitespace (recognizers may pad with spaces).
    var trimmedWhitespace: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
