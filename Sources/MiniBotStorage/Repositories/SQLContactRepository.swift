import Foundation
import MiniBotDialer

/// `ContactRepository` over SQLite or PostgreSQL.
///
/// `save` merges like the importer: a phone already stored keeps its non-empty fields and
/// takes the new row's values only where it was blank (`Contact.fillBlanks`). It reads the
/// stored rows of each batch, merges in Swift (one merge rule, not two SQL dialects of it),
/// then writes new and changed rows with one multi-row `INSERT … ON CONFLICT (phone) DO
/// UPDATE` per batch, all in one transaction.
///
/// ```swift
/// let summary = try await db.contacts.save(report.contacts)   // inserted / updated
/// ```
public struct SQLContactRepository: ContactRepository {
    let executor: any SQLExecutor
    let clock: @Sendable () -> Date
    /// Rows per multi-row INSERT (13 binds each).
    static let batchSize = 1_000

    public func save(_ contacts: [Contact]) async throws -> ContactSaveSummary {
        guard !contacts.isEmpty else { return ContactSaveSummary(inserted: 0, updated: 0) }
        let now = clock()
        return try await executor.transaction { tx in
            var summary = ContactSaveSummary(inserted: 0, updated: 0)
            var start = 0
            while start < contacts.count {
                let end = min(start + Self.batchSize, contacts.count)
                let part = try await Self.saveBatch(contacts[start..<end], tx: tx, now: now)
                summary.inserted += part.inserted
                summary.updated += part.updated
                start = end
            }
            return summary
        }
    }

    private static func saveBatch(_ batch: ArraySlice<Contact>, tx: any SQLQuerying, now: Date) async throws
        -> ContactSaveSummary {
        // Merge duplicates inside the batch first (first row wins, blanks filled), keeping order.
        var order: [String] = []
        var merged: [String: Contact] = [:]
        merged.reserveCapacity(batch.count)
        for contact in batch {
            let key = contact.phone.e164
            if merged[key] == nil {
                order.append(key)
                merged[key] = contact
            } else {
                merged[key]?.fillBlanks(from: contact)
            }
        }
        let existingRows = try await tx.query("SELECT * FROM contacts WHERE phone IN (\(SQLDialect.inList(order.count)))",
                                              order.map { .text($0) }, table: "contacts")
        var existing: [String: Contact] = [:]
        for row in existingRows {
            let contact = try Contact(row: row)
            existing[contact.phone.e164] = contact
        }
        var toWrite: [Contact] = []
        toWrite.reserveCapacity(order.count)
        var summary = ContactSaveSummary(inserted: 0, updated: 0)
        for key in order {
            guard let incoming = merged[key] else { continue }
            if var stored = existing[key] {
                let before = stored
                stored.fillBlanks(from: incoming)
                if stored != before {
                    toWrite.append(stored)
                    summary.updated += 1
                }
            } else {
                toWrite.append(incoming)
                summary.inserted += 1
            }
        }
        guard !toWrite.isEmpty else { return summary }
        var binds: [SQLValue] = []
        binds.reserveCapacity(toWrite.count * Contact.sqlColumns.count)
        for contact in toWrite { binds += try contact.sqlBinds(now: now) }
        let updates = Contact.sqlColumns.filter { $0 != "phone" && $0 != "created_at" }
            .map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        try await tx.execute("""
            INSERT INTO contacts (\(Contact.sqlColumns.joined(separator: ", ")))
            VALUES \(SQLDialect.valuesList(rows: toWrite.count, columns: Contact.sqlColumns.count))
            ON CONFLICT (phone) DO UPDATE SET \(updates)
            """, binds)
        return summary
    }

    public func contact(phone: PhoneNumber) async throws -> Contact? {
        try await executor.query("SELECT * FROM contacts WHERE phone = ?", [.text(phone.e164)], table: "contacts")
            .first.map { row throws(StorageError) in try Contact(row: row) }
    }

    public func contacts(matching selection: ContactSelection, offset: Int) async throws -> [Contact] {
        var sql = "SELECT * FROM contacts"
        var binds: [SQLValue] = []
        Self.appendStatusFilter(selection, sql: &sql, binds: &binds)
        sql += " ORDER BY id"
        if let limit = selection.limit {
            sql += " LIMIT ? OFFSET ?"
            binds += [.int(max(0, limit)), .int(max(0, offset))]
        } else if offset > 0 {
            sql += " LIMIT ? OFFSET ?"
            binds += [.int(Int64.max), .int(offset)]
        }
        return try await executor.query(sql, binds, table: "contacts").map { row throws(StorageError) in
            try Contact(row: row)
        }
    }

    /// Keyset pagination over stored contacts with their status (fast at any depth, for 1M-row exports).
    /// Pass `afterID: 0` first, then the last returned `id`.
    public func storedContacts(matching selection: ContactSelection, afterID: Int64, limit: Int) async throws
        -> [StoredContact] {
        var sql = "SELECT * FROM contacts WHERE id > ?"
        var binds: [SQLValue] = [.int(afterID)]
        Self.appendStatusFilter(selection, sql: &sql, binds: &binds, joiner: " AND")
        sql += " ORDER BY id LIMIT ?"
        binds.append(.int(max(0, limit)))
        return try await executor.query(sql, binds, table: "contacts").map { row throws(StorageError) in
            try StoredContact(row: row)
        }
    }

    public func count(matching selection: ContactSelection = ContactSelection()) async throws -> Int {
        var sql = "SELECT COUNT(*) AS n FROM contacts"
        var binds: [SQLValue] = []
        Self.appendStatusFilter(selection, sql: &sql, binds: &binds)
        return Int(try await executor.scalarInt(sql, binds) ?? 0)
    }

    private static func appendStatusFilter(_ selection: ContactSelection, sql: inout String, binds: inout [SQLValue],
                                           joiner: String = " WHERE") {
        guard let statuses = selection.statuses else { return }
        let sorted = statuses.map(\.rawValue).sorted()
        if sorted.isEmpty {
            sql += "\(joiner) 1 = 0"
        } else {
            sql += "\(joiner) status IN (\(SQLDialect.inList(sorted.count)))"
            binds += sorted.map { .text($0) }
        }
    }

    public func history(phone: PhoneNumber, since: Date) async throws -> ContactHistory {
        try await Self.histories(phones: [phone.e164], since: since, tx: executor)[phone.e164] ?? .none
    }

    /// Histories of many phones in three queries (used when claiming a batch).
    static func histories(phones: [String], since: Date, tx: any SQLQuerying) async throws -> [String: ContactHistory] {
        guard !phones.isEmpty else { return [:] }
        let list = SQLDialect.inList(phones.count)
        let binds = phones.map { SQLValue.text($0) }
        var result: [String: ContactHistory] = [:]
        for phone in phones { result[phone] = ContactHistory() }
        let attempts = try await tx.query("""
            SELECT phone, started_at, result FROM calls
            WHERE phone IN (\(list)) AND started_at IS NOT NULL AND started_at >= ?
            ORDER BY started_at, id
            """, binds + [.date(since)], table: "calls")
        for row in attempts {
            let phone = try row.string("phone")
            let attempt = CallAttempt(at: try row.date("started_at"), result: try row.optionalEnum("result", as: CallResult.self))
            result[phone, default: ContactHistory()].attempts.append(attempt)
        }
        for row in try await tx.query("SELECT phone FROM opt_outs WHERE phone IN (\(list))", binds, table: "opt_outs") {
            result[try row.string("phone"), default: ContactHistory()].optedOut = true
        }
        for row in try await tx.query("SELECT phone FROM opposition_list WHERE phone IN (\(list))", binds,
                                      table: "opposition_list") {
            result[try row.string("phone"), default: ContactHistory()].onOppositionList = true
        }
        return result
    }
}
