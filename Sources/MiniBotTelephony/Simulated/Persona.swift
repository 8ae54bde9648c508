/// A simulated contact for the simulated PBX (SPEC A4): how long it rings, what it says
/// first, then one scripted behaviour per bot prompt.
///
/// Personas are data (JSON/YAML-friendly `Codable`), so demos and load tests can describe
/// crowds of callers without code:
/// ```json
/// {"name": "interested", "answer_after_ms": 2000, "greeting": "allô ?",
///  "turns": [{"say": "oui c'est moi"}, {"barge_in": {"text": "oui", "after_ms": 3500}}, {"stay_quiet": true}, {"hang_up": true}]}
/// ```
public struct Persona: Codable, Sendable, Equatable {
    public var name: String
    /// Ringing time before the call is answered (the connection opens after it).
    public var answerAfterMs: Int
    /// Said right after answering, before any prompt ("allô ?"); not fed to the recognizer
    /// (it overlaps the bot's greeting and matters for answering-machine detection).
    public var greeting: String?
    /// One entry per bot prompt (most wait for the prompt to end first).
    public var turns: [PersonaTurn]
    /// The caller gives up (hangs up) after this much call time, whatever happens.
    public var maxCallMs: Int
    /// Silence after bot audio that counts as "the prompt ended".
    public var promptEndSilenceMs: Int

    public init(name: String, answerAfterMs: Int = 0, greeting: String? = nil, turns: [PersonaTurn],
                maxCallMs: Int = 120_000, promptEndSilenceMs: Int = 500) {
        self.name = name
        self.answerAfterMs = answerAfterMs
        self.greeting = greeting
        self.turns = turns
        self.maxCallMs = maxCallMs
        self.promptEndSilenceMs = promptEndSilenceMs
    }

    enum CodingKeys: String, CodingKey {
        case name, answerAfterMs = "answer_after_ms", greeting, turns, maxCallMs = "max_call_ms"
        case promptEndSilenceMs = "prompt_end_silence_ms"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        answerAfterMs = try container.decodeIfPresent(Int.self, forKey: .answerAfterMs) ?? 0
        greeting = try container.decodeIfPresent(String.self, forKey: .greeting)
        turns = try container.decode([PersonaTurn].self, forKey: .turns)
        maxCallMs = try container.decodeIfPresent(Int.self, forKey: .maxCallMs) ?? 120_000
        promptEndSilenceMs = try container.decodeIfPresent(Int.self, forKey: .promptEndSilenceMs) ?? 500
    }

    /// A contact who listens and answers each prompt with the next line.
    public static func answering(_ lines: [String], name: String = "answering") -> Persona {
        Persona(name: name, turns: lines.map { .say($0) })
    }

    /// A contact who never says a word.
    public static let silent = Persona(name: "silent", turns: [])

    /// A voicemail: a long continuous greeting as soon as the line opens.
    public static func answeringMachine(greetingMs: Int = 6_000) -> Persona {
        Persona(name: "answering_machine", turns: [.answeringMachine(greetingMs: greetingMs)])
    }
}

/// What a ``Persona`` does at one point of the call.
public enum PersonaTurn: Sendable, Equatable {
    /// After the bot's prompt ends, say this (and tell the recognizer script).
    case say(String)
    /// Let one prompt go by without answering.
    case stayQuiet
    /// After the prompt ends, key these digits (AudioSocket DTMF messages).
    case sendDTMF(String)
    /// After the prompt ends, hang up.
    case hangUp
    /// Hang up this long into the next prompt (measured in received bot audio).
    case hangUpDuringPrompt(afterMs: Int)
    /// Talk over the next prompt, starting this long into it (barge-in).
    case bargeIn(String, afterMs: Int)
    /// Play an answering-machine greeting of this length at once (then wait).
    case answeringMachine(greetingMs: Int)
}

extension PersonaTurn: Codable {
    enum Key: String, CodingKey {
        case say, stayQuiet = "stay_quiet", dtmf, hangUp = "hang_up", hangUpDuringPromptMs = "hang_up_during_prompt_ms"
        case bargeIn = "barge_in", answeringMachineMs = "answering_machine_ms"
    }

    struct BargeIn: Codable {
        var text: String
        var afterMs: Int
        enum CodingKeys: String, CodingKey { case text, afterMs = "after_ms" }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "a persona turn has exactly one of: say, stay_quiet, dtmf, hang_up, hang_up_during_prompt_ms, barge_in, answering_machine_ms"))
        }
        switch key {
        case .say: self = .say(try container.decode(String.self, forKey: key))
        case .stayQuiet: self = .stayQuiet
        case .dtmf: self = .sendDTMF(try container.decode(String.self, forKey: key))
        case .hangUp: self = .hangUp
        case .hangUpDuringPromptMs: self = .hangUpDuringPrompt(afterMs: try container.decode(Int.self, forKey: key))
        case .bargeIn:
            let value = try container.decode(BargeIn.self, forKey: key)
            self = .bargeIn(value.text, afterMs: value.afterMs)
        case .answeringMachineMs: self = .answeringMachine(greetingMs: try container.decode(Int.self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .say(let text): try container.encode(text, forKey: .say)
        case .stayQuiet: try container.encode(true, forKey: .stayQuiet)
        case .sendDTMF(let digits): try container.encode(digits, forKey: .dtmf)
        case .hangUp: try container.encode(true, forKey: .hangUp)
        case .hangUpDuringPrompt(let ms): try container.encode(ms, forKey: .hangUpDuringPromptMs)
        case .bargeIn(let text, let ms): try container.encode(BargeIn(text: text, afterMs: ms), forKey: .bargeIn)
        case .answeringMachine(let ms): try container.encode(ms, forKey: .answeringMachineMs)
        }
    }
}
