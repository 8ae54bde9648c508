import struct Foundation.UUID

/// The decisions of one simulated contact, as a pure state machine over what it hears: bot
/// frames in (with their arrival time), actions out. ``SimulatedPBX`` performs the actions on
/// a real AudioSocket leg; tests can drive it frame by frame.
///
/// It hears the bot as a telephone user would: a prompt starts with the first voiced frame and
/// ends after `promptEndSilenceMs` of silence (the bot's server sends silence when idle).
/// ```swift
/// var caller = SimulatedCaller(persona: .answering(["oui"]))
/// caller.start()                                  // [] (no greeting)
/// caller.received(botFrame, atNanoseconds: t)     // … [.say("oui", recognised: true)] after the prompt
/// ```
public struct SimulatedCaller: Sendable {
    /// Something the caller does now.
    public enum Action: Sendable, Equatable {
        /// Speak `text`; `recognised` means the recognizer should "hear" it (tell the script).
        case say(String, recognised: Bool)
        /// A continuous answering-machine greeting.
        case playGreeting(durationMs: Int)
        case sendDTMF(String)
        case hangUp
    }

    public let persona: Persona
    public private(set) var outcome: SimulatedCallOutcome
    private var turnIndex = 0
    private var inVoice = false
    private var voicedFrames = 0
    private var silentFrames = 0
    private var sawVoiceSinceTurn = false
    private var bargeInSpokeAt: UInt64?
    private var finished = false
    /// Mean |sample| above which a received frame is bot voice.
    public static let voiceThreshold = 200

    public init(persona: Persona, callID: UUID = UUID()) {
        self.persona = persona
        self.outcome = SimulatedCallOutcome(callID: callID, persona: persona.name)
    }

    /// True once the caller hung up or saw the bot hang up.
    public var isFinished: Bool { finished }

    /// The line is open: greeting, answering machine.
    public mutating func start() -> [Action] {
        var actions: [Action] = []
        if let greeting = persona.greeting { actions.append(.say(greeting, recognised: false)) }
        if case .answeringMachine(let ms)? = currentTurn {
            actions.append(.playGreeting(durationMs: ms))
            turnIndex += 1
        }
        return actions
    }

    private var currentTurn: PersonaTurn? {
        turnIndex < persona.turns.count ? persona.turns[turnIndex] : nil
    }

    private var endSilenceFrames: Int { max(1, (persona.promptEndSilenceMs + 19) / 20) }

    /// One frame of bot audio arrived at `atNanoseconds` (monotonic).
    public mutating func received(_ samples: [Int16], atNanoseconds now: UInt64) -> [Action] {
        guard !finished else { return [] }
        outcome.durationMs += samples.count / 8
        let voiced = Self.isVoiced(samples)
        var promptEnded = false
        if voiced {
            if !inVoice {
                inVoice = true
                voicedFrames = 0
                outcome.promptsHeard += 1
                outcome.promptStartNanoseconds.append(now)
            }
            voicedFrames += 1
            silentFrames = 0
            sawVoiceSinceTurn = true
        } else {
            if let spoke = bargeInSpokeAt {
                outcome.bargeInStopLatencyMs = Double(now &- spoke) / 1e6
                bargeInSpokeAt = nil
            }
            if inVoice {
                silentFrames += 1
                if silentFrames >= endSilenceFrames {
                    inVoice = false
                    outcome.promptDurationsMs.append(voicedFrames * 20)
                    promptEnded = sawVoiceSinceTurn
                }
            }
        }
        var actions: [Action] = []
        switch currentTurn {
        case .say(let text)? where promptEnded:
            actions.append(.say(text, recognised: true))
            outcome.said.append(text)
            advance()
        case .stayQuiet? where promptEnded:
            advance()
        case .sendDTMF(let digits)? where promptEnded:
            actions.append(.sendDTMF(digits))
            advance()
        case .hangUp? where promptEnded:
            actions.append(hangUp())
        case .hangUpDuringPrompt(let ms)? where inVoice && voicedFrames * 20 >= ms:
            actions.append(hangUp())
        case .bargeIn(let text, let ms)? where inVoice && voicedFrames * 20 >= ms:
            actions.append(.say(text, recognised: true))
            outcome.said.append(text)
            outcome.bargeInAtPromptMs = voicedFrames * 20
            bargeInSpokeAt = now
            advance()
        case .answeringMachine?:
            advance()
        default:
            break
        }
        if !finished, outcome.durationMs >= persona.maxCallMs { actions.append(hangUp()) }
        return actions
    }

    /// The bot hung up (or the socket closed: `byBot == false`).
    public mutating func ended(byBot: Bool) {
        guard !finished else { return }
        finished = true
        if inVoice { outcome.promptDurationsMs.append(voicedFrames * 20) }
        outcome.endedBy = byBot ? .bot : .connectionClosed
    }

    private mutating func advance() {
        turnIndex += 1
        sawVoiceSinceTurn = false
    }

    private mutating func hangUp() -> Action {
        finished = true
        if inVoice { outcome.promptDurationsMs.append(voicedFrames * 20) }
        outcome.endedBy = .caller
        return .hangUp
    }

    static func isVoiced(_ samples: [Int16]) -> Bool {
        guard !samples.isEmpty else { return false }
        var total = 0
        for sample in samples { total += abs(Int(sample)) }
        return total / samples.count > voiceThreshold
    }
}

/// What a simulated call looked like from the caller's side.
public struct SimulatedCallOutcome: Sendable, Equatable, Codable {
    public enum Ender: String, Sendable, Codable {
        case bot, caller, connectionClosed = "connection_closed", notEnded = "not_ended"
    }

    public var callID: UUID
    public var persona: String
    public var endedBy: Ender = .notEnded
    /// Bot audio received, in milliseconds (the call's length as heard).
    public var durationMs = 0
    /// Voiced stretches of bot audio heard (prompts back to back may merge into one).
    public var promptsHeard = 0
    /// Voiced length of each prompt heard, in order (a barge-in shortens one).
    public var promptDurationsMs: [Int] = []
    /// When each prompt's first voiced frame arrived (monotonic, `NIODeadline` uptime nanoseconds).
    public var promptStartNanoseconds: [UInt64] = []
    /// Lines the caller said to be recognised.
    public var said: [String] = []
    /// Barge-in: how far into the prompt the caller started talking.
    public var bargeInAtPromptMs: Int?
    /// Barge-in: from handing our first speech frame to the socket to the first silent bot frame.
    public var bargeInStopLatencyMs: Double?

    public init(callID: UUID, persona: String) {
        self.callID = callID
        self.persona = persona
    }
}
