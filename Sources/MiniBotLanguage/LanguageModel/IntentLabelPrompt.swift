/// The constrained prompt that asks a language model for one intent label when the local
/// classifier is unsure, and the strict reading of its answer.
///
/// The model must answer exactly one label of a closed set; anything else (a sentence, two labels,
/// an unknown word) reads as `not_understood`, so a chatty model can never invent a route.
/// `silence` is never offered: only the runner's clock decides silence.
/// ```swift
/// let messages = IntentLabelPrompt.messages(utterance: "bof je sais pas trop", question: "Êtes-vous propriétaire ?")
/// IntentLabelPrompt.parse(" Unsure.\n")   // .unsure
/// IntentLabelPrompt.parse("oui")          // .notUnderstood (not a label)
/// ```
public enum IntentLabelPrompt {
    /// The labels the model may answer, with the meaning it is told.
    public static let labels: [(intent: Intent, meaning: String)] = [
        (.affirm, "oui, accord, intérêt"),
        (.deny, "non, refus, pas intéressé"),
        (.unsure, "hésitation, ne sait pas"),
        (.question, "pose une question"),
        (.objection, "objection (prix, confiance, déjà équipé, pas le temps)"),
        (.callback, "demande à être rappelé plus tard"),
        (.optOut, "ne veut plus jamais être appelé, retrait de la liste"),
        (.notUnderstood, "hors sujet ou incompréhensible"),
    ]

    /// Room for the longest label and a little noise; anything longer is not a label anyway.
    public static let maxTokens = 8

    public static func messages(utterance: String, question: String?) -> [ChatMessage] {
        var system = "Tu classes la réponse d'une personne au téléphone. Réponds par un seul mot parmi : "
        system += labels.map(\.intent.rawValue).joined(separator: ", ") + ". Aucun autre texte.\n"
        for label in labels { system += "- \(label.intent.rawValue) : \(label.meaning)\n" }
        var user = ""
        if let question, !question.isEmpty { user += "Question du robot : \(question)\n" }
        user += "Réponse de la personne : \(utterance)\nÉtiquette :"
        return [ChatMessage(.system, system), ChatMessage(.user, user)]
    }

    /// The label in `answer`, or `.notUnderstood`. Case, surrounding spaces, quotes, a final full stop
    /// and a "label:" prefix are tolerated; nothing else is.
    public static func parse(_ answer: String) -> Intent {
        var text = answer.lowercased().droppingLeading { $0.isWhitespace || "\"'`«*".contains($0) }
        text = text.droppingTrailing { $0.isWhitespace || "\"'`».!*".contains($0) }
        for prefix in ["étiquette :", "étiquette:", "label :", "label:", "intent :", "intent:"] where text.hasPrefix(prefix) {
            text = text.dropFirst(prefix.count).droppingLeading { $0.isWhitespace }
        }
        guard let intent = Intent(rawValue: text), labels.contains(where: { $0.intent == intent }) else {
            return .notUnderstood
        }
        return intent
    }
}
