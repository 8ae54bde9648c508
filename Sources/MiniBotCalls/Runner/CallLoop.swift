import Foundation
import Logging
import MiniBotDialogue
import MiniBotTelephony

/// The mutable state of one running call, owned by its ``CallRunner`` task: the controller,
/// the recorder and what the report collects.
struct CallLoop {
    var controller: CallController
    var recorder: CallRecorder?
    let logger: Logger
    let clock = ContinuousClock()
    var turns: [Turn] = []
    var variables: [String: String] = [:]
    var optedOut = false
    var outcome: CallOutcome?
    var transferTarget: String?
    var reactionStart: ContinuousClock.Instant?
    var reactionTimesMs: [Double] = []
    var recognitionTimesMs: [Double] = []
    var understandingTimesMs: [Double] = []
    /// Caller frames a slow recogniser could not take (its backlog was full); logged at the end.
    var recognitionFramesDropped = 0

    /// Caller audio into the recording (left channel); a disk error disables the recording only.
    mutating func record(_ frame: [Int16]) {
        guard let recorder else { return }
        do { try recorder.appendCaller(frame) } catch {
            logger.error("recording failed; continuing without it", metadata: ["error": "\(error)"])
            try? recorder.close()
            self.recorder = nil
        }
    }

    /// The player is handing `prompt` to the PBX now: place it on the bot channel and close
    /// the reaction-time measurement started at the last endpoint.
    mutating func promptQueued(_ prompt: Prompt, current: Bool) {
        guard current else { return }
        recorder?.schedule(prompt, atFrame: controller.frameIndex)
        if let start = reactionStart {
            reactionTimesMs.append((clock.now - start).milliseconds)
            reactionStart = nil
        }
    }

    mutating func note(_ command: CallCommand) {
        switch command {
        case .hangup(let outcome):
            self.outcome = outcome
            logger.info("call finished", metadata: ["result": "\(outcome.result.rawValue)", "reason": "\(outcome.reason)"])
        case .transfer(let target, let outcome):
            self.outcome = outcome
            transferTarget = target
            logger.info("transfer requested", metadata: ["target": "\(target)", "result": "\(outcome.result.rawValue)"])
        case .recordTurn(let turn):
            turns.append(turn)
        case .markOptOut:
            optedOut = true
        case .setVariable(let name, let value):
            variables[name] = value
        case .endpoint:
            reactionStart = clock.now
        case .amdVerdict(let result):
            logger.debug("AMD verdict", metadata: ["verdict": "\(result.verdict.rawValue)", "cause": "\(result.causeText)"])
        case .bargeIn(let promptID, let speechStart, let stopped):
            logger.debug("barge-in", metadata: ["prompt": "\(promptID)", "speech_frame": "\(speechStart)", "stop_frame": "\(stopped)"])
        case .trace(let text):
            logger.trace("\(text)")
        default:
            break
        }
    }

    /// The line's answer to a transfer: connected → `transferred` with the target; otherwise the
    /// target is forgotten (the controller goes on to the callback fallback).
    mutating func transferEnded(target: String, result: TransferResult) {
        guard result.isConnected else {
            transferTarget = nil
            logger.info("transfer failed; callback instead", metadata: ["target": "\(target)", "why": "\(result.reason)"])
            return
        }
        if var outcome {
            outcome.reason = "transferred to \(target) (\(outcome.result.rawValue): \(outcome.reason))"
            outcome.result = .transferred
            self.outcome = outcome
        }
        transferTarget = target
        logger.info("caller connected to the agent", metadata: ["target": "\(target)"])
    }

    /// Closes the recording, writes the transcript and builds the report.
    mutating func finish(callID: CallID, recognizer: String, directory: String?) -> CallReport {
        if recognitionFramesDropped > 0 {
            logger.warning("the recogniser fell behind; caller frames were dropped",
                           metadata: ["frames": "\(recognitionFramesDropped)"])
        }
        let outcome = outcome ?? CallOutcome(result: .failed, score: controller.engine.state.score,
                                             reason: "the call ended without an outcome")
        var report = CallReport(
            callID: callID, result: outcome.result, label: outcome.label, reason: outcome.reason, score: outcome.score,
            endStepID: outcome.stepID, transferTarget: transferTarget, optedOut: optedOut,
            durationMs: controller.frameIndex * 20, turns: turns.sorted { $0.startMs < $1.startMs },
            amdVerdict: controller.amdResult?.verdict, amdCause: controller.amdResult?.causeText,
            sentiment: controller.callSentiment, bargeInCount: controller.bargeInCount,
            reactionTimesMs: reactionTimesMs, variables: variables, engine: recognizer)
        report.recognitionTimesMs = recognitionTimesMs
        report.callbackTime = controller.engine.state.callbackRequest
        report.understandingTimesMs = understandingTimesMs
        if !controller.languageModelUses.isEmpty { report.languageModel = controller.languageModelUses }
        guard let directory else { return report }
        let base = directory + "/" + callID.description
        var paths = RecordingPaths(wav: base + ".wav", json: base + ".json", text: base + ".txt")
        if let recorder {
            do { try recorder.close() } catch {
                logger.error("recording could not be closed", metadata: ["error": "\(error)"])
            }
            self.recorder = nil
        } else {
            paths.wav = ""
        }
        report.recording = paths
        do {
            try TranscriptWriter.write(report, json: paths.json, text: paths.text)
        } catch {
            logger.error("transcript could not be written", metadata: ["error": "\(error)"])
        }
        return report
    }
}
