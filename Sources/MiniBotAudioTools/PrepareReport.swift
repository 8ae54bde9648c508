import Foundation

/// The outcome of `audio prepare`, one row per source file, rendered as seed 000's
/// "RAPPORT DE TRAITEMENT" table (French, like the seed's console).
public struct PrepareReport: Sendable {
    public enum Status: Sendable, Equatable {
        case pending
        case processed
        case unchanged
        case wouldProcess
        case failed(String)
    }

    public struct Row: Sendable {
        public var file: String
        public var output: String
        public var levelBeforeDBFS: Double?
        public var levelAfterDBFS: Double?
        public var status: Status = .pending
    }

    public var dryRun: Bool
    public var rows: [Row] = []

    public var processedCount: Int { rows.filter { $0.status == .processed || $0.status == .wouldProcess }.count }
    public var unchangedCount: Int { rows.filter { $0.status == .unchanged }.count }
    public var failures: [Row] { rows.filter { if case .failed = $0.status { true } else { false } } }
    public var hasFailures: Bool { !failures.isEmpty }

    public func render() -> String {
        let rule = String(repeating: "═", count: 72)
        let thin = String(repeating: "─", count: 72)
        var lines = [rule, dryRun ? "📊 RAPPORT DE TRAITEMENT (simulation, rien n'est écrit)" : "📊 RAPPORT DE TRAITEMENT", rule, "",
                     "Fichiers traités :", "",
                     Self.pad("Fichier", 34) + Self.pad("Vol. Avant", 13) + Self.pad("Vol. Après", 13) + "Status", thin]
        for row in rows {
            lines.append(Self.pad(row.file, 34) + Self.pad(Self.level(row.levelBeforeDBFS), 13)
                + Self.pad(Self.level(row.levelAfterDBFS), 13) + Self.statusText(row.status))
        }
        lines.append(thin)
        lines.append("Total : \(rows.count) fichier(s) — \(processedCount) \(dryRun ? "à traiter" : "traité(s)"), "
            + "\(unchangedCount) inchangé(s), \(failures.count) erreur(s)")
        for failure in failures {
            if case .failed(let reason) = failure.status { lines.append("❌ \(reason)") }
        }
        return lines.joined(separator: "\n")
    }

    static func level(_ value: Double?) -> String {
        guard let value else { return "—" }
        guard value.isFinite else { return "-inf dB" }
        return String(format: "%.1f dB", value)
    }

    static func statusText(_ status: Status) -> String {
        switch status {
        case .pending: return "…"
        case .processed: return "✅ OK"
        case .unchanged: return "⏭  inchangé"
        case .wouldProcess: return "🔍 à traiter"
        case .failed: return "❌ ERREUR"
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        let shown = text.count > width - 1 ? String(text.prefix(width - 2)) + "…" : text
        return shown + String(repeating: " ", count: max(1, width - shown.count))
    }
}
