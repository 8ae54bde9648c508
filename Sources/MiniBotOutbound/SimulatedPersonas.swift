import MiniBotTelephony

/// The crowd the simulated PBX can play, by name (a contact's `persona` column in a dry-run
/// CSV, in French like the seeds' console, English aliases accepted).
///
/// Most personas answer and talk; three never connect, like real numbers that are busy,
/// ring out, or do not exist: the dispatcher then gets the Q.850 cause a PBX would report.
public enum SimulatedContact: Sendable, Equatable {
    case answers(Persona)
    /// Not answered: the hangup cause a PBX would report (17 busy, 19 no answer, 1 unallocated).
    case notAnswered(cause: Int)
}

public enum SimulatedPersonas {
    /// Names in the order the demo cycles through them.
    public static let names = ["interesse", "objection", "refus", "silence", "repondeur", "occupe", "absent",
                               "optout", "rappel", "raccroche", "invalide", "hesitant"]

    static let aliases = ["lead": "interesse", "interested": "interesse", "refusal": "refus", "not_interested": "refus",
                          "silent": "silence", "answering_machine": "repondeur", "voicemail": "repondeur", "busy": "occupe",
                          "no_answer": "absent", "opt_out": "optout", "callback": "rappel", "hangup": "raccroche",
                          "invalid": "invalide", "unsure": "hesitant"]

    /// The contact for a persona name, or nil when the name is unknown.
    public static func contact(named raw: String) -> SimulatedContact? {
        let name = aliases[raw.lowercased()] ?? raw.lowercased()
        switch name {
        case "interesse":
            return .answers(Persona(name: name, answerAfterMs: 300, greeting: "Allô ?",
                                    turns: [.say("Oui c'est moi"), .say("Oui j'en ai un"), .say("Oui pourquoi pas"),
                                            .say("Oui d'accord"), .say("Oui"), .say("Merci au revoir")]))
        case "objection":
            return .answers(Persona(name: name, answerAfterMs: 300, greeting: "Allô ?",
                                    turns: [.say("Oui bonjour"), .say("Oui mais c'est trop cher vos taux"), .say("Oui effectivement"),
                                            .say("Oui ça m'intéresse"), .say("Oui allez-y"), .say("Merci")]))
        case "refus":
            return .answers(Persona(name: name, answerAfterMs: 300, greeting: "Allô ?",
                                    turns: [.say("Oui c'est moi"), .say("Non pas du tout"), .say("Non merci")]))
        case "hesitant":
            return .answers(Persona(name: name, answerAfterMs: 300, greeting: "Allô ?",
                                    turns: [.say("Oui"), .say("Euh je sais pas trop"), .say("Bof pas vraiment"), .say("Non merci")]))
        case "silence":
            return .answers(Persona(name: name, answerAfterMs: 300, greeting: "Allô ?", turns: [.stayQuiet, .stayQuiet, .stayQuiet]))
        case "repondeur":
            return .answers(Persona(name: name, answerAfterMs: 300, turns: [.answeringMachine(greetingMs: 6_000)]))
        case "optout":
            return .answers(Persona(name: name, answerAfterMs: 300, greeting: "Allô ?",
                                    turns: [.say("Oui"), .say("Retirez-moi de votre liste et ne m'appelez plus")]))
        case "rappel":
            return .answers(Persona(name: name, answerAfterMs: 300, greeting: "Allô ?",
                                    turns: [.say("Oui c'est moi"), .say("Rappelez-moi demain à 14 h")]))
        case "raccroche":
            return .answers(Persona(name: name, answerAfterMs: 300, greeting: "Allô ?",
                                    turns: [.say("Oui"), .hangUpDuringPrompt(afterMs: 1_200)]))
        case "occupe": return .notAnswered(cause: 17)
        case "absent": return .notAnswered(cause: 19)
        case "invalide": return .notAnswered(cause: 1)
        default: return nil
        }
    }

    /// A persona for a contact with no `persona` column: a stable pick from the phone number,
    /// weighted like a real list (mostly conversations, some busy/no answer/voicemail).
    public static func defaultName(for phone: String) -> String {
        let weighted = ["interesse", "objection", "refus", "refus", "interesse", "silence", "repondeur", "occupe",
                        "absent", "rappel", "hesitant", "objection"]
        let hash = phone.unicodeScalars.reduce(UInt64(1_469_598_103_934_665_603)) { ($0 ^ UInt64($1.value)) &* 1_099_511_628_211 }
        return weighted[Int(hash % UInt64(weighted.count))]
    }
}
