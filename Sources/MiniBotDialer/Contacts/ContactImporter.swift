/// Turns the bytes of a contacts CSV file into contacts plus a report of what was refused.
///
/// Pure: no file access (the CLI reads the file and hands the bytes in), no clock.
/// It accepts what French call centres actually send: UTF-8 with or without BOM,
/// Windows-1252/Latin-1, UTF-16; `,` `;` or tab separators; quoted fields with
/// separators, doubled quotes and newlines inside; French header names.
/// Bad rows are reported with their physical line number and skipped; the rest import.
///
/// ```swift
/// let csv = Array("téléphone;prénom\n06 12 34 56 78;Zoé\n".utf8)
/// let result = try ContactImporter().importContacts(from: csv)
/// result.contacts[0].phone.e164   // "+33612345678"
/// result.report.imported          // 1
/// ```
public struct ContactImporter: Sendable {
    /// Refuse 089 premium-rate numbers (a robot calling them costs money and reaches no consumer).
    public var refusePremiumNumbers: Bool

    public init(refusePremiumNumbers: Bool = true) {
        self.refusePremiumNumbers = refusePremiumNumbers
    }

    /// Parses the whole file. Throws only when the file as a whole is unusable (no header, no phone column).
    public func importContacts(from input: [UInt8]) throws(ContactImportError) -> ContactImportResult {
        let (encoding, bytes, start) = CSVTextEncoding.detect(input)
        var failure: ContactImportError?
        let result: ContactImportResult? = bytes.withUnsafeBufferPointer { buffer in
            let separator = CSVScanner.detectSeparator(buffer, from: start)
            var state = ImportState()
            let estimatedRows = bytes.count / 48 // rows are rarely shorter than 48 bytes
            state.contacts.reserveCapacity(estimatedRows)
            state.indexByPhone.reserveCapacity(estimatedRows)
            var headers: [String]?
            var columns: [ContactColumn] = []
            var phoneIndex = -1
            CSVScanner(separator: separator).scan(buffer, from: start) { line, fields, unterminated in
                guard failure == nil else { return }
                if isBlank(buffer, fields) { return }
                guard headers != nil else {
                    let names = fields.map { trim(encoding.decode(buffer, $0)) }
                    headers = names
                    columns = ContactColumn.map(headers: names)
                    guard let index = columns.firstIndex(of: .phone) else {
                        failure = ContactImportError(line: line, reason: "no phone column (expected one of phone, "
                            + "téléphone, tel, mobile, portable, numero); headers are: \(names.joined(separator: ", "))")
                        return
                    }
                    phoneIndex = index
                    return
                }
                importRow(line: line, fields: fields, unterminated: unterminated, buffer: buffer,
                          encoding: encoding, columns: columns, phoneIndex: phoneIndex, into: &state)
            }
            guard failure == nil else { return nil }
            guard let headers else {
                failure = ContactImportError(line: 1, reason: "empty file: no header line")
                return nil
            }
            state.report.imported = state.contacts.count
            return ContactImportResult(contacts: state.contacts, report: state.report, encoding: encoding,
                                       separator: Character(Unicode.Scalar(separator)), headers: headers)
        }
        if let failure { throw failure }
        guard let result else { throw ContactImportError(line: 1, reason: "empty file") }
        return result
    }

    struct ImportState {
        var contacts: [Contact] = []
        var indexByPhone: [String: Int] = [:]
        var report = ImportReport()
    }

    private func importRow(line: Int, fields: [CSVField], unterminated: Bool, buffer: UnsafeBufferPointer<UInt8>,
                           encoding: CSVTextEncoding, columns: [ContactColumn], phoneIndex: Int,
                           into state: inout ImportState) {
        func text(_ index: Int) -> String {
            index < fields.count ? encoding.decode(buffer, trimmed(buffer, fields[index])) : ""
        }
        func refuse(_ value: String, _ reason: String) {
            state.report.invalid.append(.init(line: line, value: value, reason: reason))
        }
        if unterminated {
            refuse(text(phoneIndex), "unterminated quoted field (a \" is never closed)")
            return
        }
        guard phoneIndex < fields.count else { refuse("", "missing phone"); return }
        let phoneField = fields[phoneIndex]
        let phone: PhoneNumber
        do {
            phone = try PhoneNumber.parse(utf8: UnsafeBufferPointer(rebasing: buffer[phoneField.start..<phoneField.end]),
                                          original: text(phoneIndex))
        } catch {
            refuse(error.value, error.code == .empty ? "missing phone" : error.reason)
            return
        }
        if refusePremiumNumbers, phone.kind == .premium {
            refuse(text(phoneIndex), "premium-rate number (089), not called")
            return
        }
        var contact = Contact(phone: phone, sourceLine: line)
        var basisText = "", consentDateText = "", consentSource = ""
        for (index, column) in columns.enumerated() where index != phoneIndex && index < fields.count {
            let field = trimmed(buffer, fields[index])
            if field.start == field.end { continue }
            let value = text(index)
            switch column {
            case .phone: break
            case .firstName: contact.firstName = value
            case .lastName: contact.lastName = value
            case .company: contact.company = value
            case .email: contact.email = value
            case .notes: contact.notes = value
            case .legalBasis: basisText = value
            case .consentDate: consentDateText = value
            case .consentSource: consentSource = value
            case .variable(let name): if !value.isEmpty { contact.variables[name] = value }
            }
        }
        switch LegalBasis.parse(kind: basisText, consentDate: consentDateText, source: consentSource) {
        case .success(let basis): contact.legalBasis = basis
        case .failure(let problem):
            refuse(problem.value, problem.reason)
            return
        }
        // One hash in the common (new number) case; a duplicate puts the first index back.
        if let existing = state.indexByPhone.updateValue(state.contacts.count, forKey: phone.e164) {
            state.indexByPhone[phone.e164] = existing
            state.contacts[existing].fillBlanks(from: contact)
            state.report.duplicates += 1
        } else {
            state.contacts.append(contact)
        }
    }
}

private func isBlank(_ buffer: UnsafeBufferPointer<UInt8>, _ fields: [CSVField]) -> Bool {
    for field in fields {
        var i = field.start
        while i < field.end {
            let c = buffer[i]
            if c != 0x20 && c != 0x09 { return false }
            i += 1
        }
    }
    return true
}

/// The field without surrounding ASCII spaces and tabs (and Latin-1 no-break spaces).
private func trimmed(_ buffer: UnsafeBufferPointer<UInt8>, _ field: CSVField) -> CSVField {
    var field = field
    while field.start < field.end, buffer[field.start] == 0x20 || buffer[field.start] == 0x09 { field.start += 1 }
    while field.end > field.start, buffer[field.end - 1] == 0x20 || buffer[field.end - 1] == 0x09 { field.end -= 1 }
    return field
}

/// Trims ASCII/Unicode spaces around a value (fast path when there are none).
func trim(_ text: String) -> String {
    guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
    if !first.properties.isWhitespace && !last.properties.isWhitespace { return text }
    return String(String.UnicodeScalarView(text.unicodeScalars.drop(while: { $0.properties.isWhitespace })
        .reversed().drop(while: { $0.properties.isWhitespace }).reversed()))
}
