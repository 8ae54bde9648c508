import Foundation
@testable import MiniBotAudio

/// The French sentences, voices and speeds the detection tests draw from, and the truth
/// labels computed from the clean speech itself.
enum SpeechCorpus {
    static let sentences = [
        "Bonjour, je vous appelle au sujet de votre contrat d'énergie.",
        "Oui, c'est bien moi, que puis-je faire pour vous ?",
        "Je ne suis pas intéressé, merci de ne plus me rappeler.",
        "Pouvez-vous me rappeler demain matin vers dix heures ?",
        "Mon adresse est douze rue de la République à Lyon.",
        "D'accord, envoyez-moi la documentation par courriel.",
        "Je voudrais parler à un conseiller s'il vous plaît.",
        "Le rendez-vous de jeudi ne me convient pas du tout.",
        "Combien est-ce que cela va me coûter chaque mois ?",
        "Attendez, je vais chercher mon numéro de client.",
        "Très bien, je confirme ma commande pour la semaine prochaine.",
        "Non merci, j'ai déjà un fournisseur qui me convient.",
    ]
    static let voices = ["fr", "fr+f3", "fr+m3", "fr-be", "fr+f2", "fr+m7"]
    static let speeds = [130, 150, 170, 190]

    /// Clean speech cache (espeak-ng runs are the slow part of these tests).
    private static let cache = SpeechCache()

    static func speech(_ text: String, voice: String, speed: Int) throws -> [Int16] {
        let key = "\(voice)|\(speed)|\(text)"
        if let hit = cache.get(key) { return hit }
        let clip = try TestAudio.speech(text, voice: voice, speed: speed)
        cache.set(key, clip)
        return clip
    }

    /// Per-frame truth of a clean signal: a frame is speech when its energy is within
    /// `belowActiveDecibels` of the clip's active speech level (and not digital silence).
    static func labels(clean: [Int16], belowActiveDecibels: Double = 30) -> [Bool] {
        let active = Signal.activeRMS(clean)
        let threshold = active * pow(10, -belowActiveDecibels / 20)
        return Signal.frames(clean).map { Signal.rms($0) > max(threshold, 1) }
    }

    /// Frame-level F1 of decisions against labels.
    static func f1(truth: [Bool], decided: [Bool]) -> (f1: Double, precision: Double, recall: Double) {
        var tp = 0, fp = 0, fn = 0
        for (t, d) in zip(truth, decided) {
            if t && d { tp += 1 } else if d { fp += 1 } else if t { fn += 1 }
        }
        let precision = tp + fp == 0 ? 1 : Double(tp) / Double(tp + fp)
        let recall = tp + fn == 0 ? 1 : Double(tp) / Double(tp + fn)
        let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        return (f1, precision, recall)
    }
}

/// A tiny lock-protected cache shared by concurrently running tests.
final class SpeechCache: @unchecked Sendable {
    private let lock = NSLock()
    private var clips: [String: [Int16]] = [:]

    func get(_ key: String) -> [Int16]? {
        lock.lock(); defer { lock.unlock() }
        return clips[key]
    }

    func set(_ key: String, _ clip: [Int16]) {
        lock.lock(); defer { lock.unlock() }
        clips[key] = clip
    }
}
