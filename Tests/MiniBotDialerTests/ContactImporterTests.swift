import Foundation
import Testing
@testable import MiniBotDialer

@Suite("ContactImporter")
struct ContactImporterTests {
    let importer = ContactImporter()

    func run(_ text: String) throws(ContactImportError) -> ContactImportResult {
        try importer.importContacts(from: Array(text.utf8))
    }

    @Test("Seed 000 §5.1 file imports as written")
    func seedFile() throws {
        let result = try run("""
            phone,first_name,last_name,company,email,notes
            33612345678,Jean,Dupont,Entreprise A,jean@ea.fr,Prospect salon
            33687654321,Marie,Martin,Entreprise B,marie@eb.fr,Lead entrant
            33698765432,Pierre,Durand,,pierre@gmail.com,

            """)
        #expect(result.report == ImportReport(imported: 3, duplicates: 0, invalid: []))
        #expect(result.separator == ",")
        #expect(result.encoding == .utf8)
        #expect(result.contacts.map(\.phone.e164) == ["+33612345678", "+33687654321", "+33698765432"])
        let jean = try #require(result.contacts.first)
        #expect(jean.firstName == "Jean" && jean.lastName == "Dupont" && jean.company == "Entreprise A")
        #expect(jean.email == "jean@ea.fr" && jean.notes == "Prospect salon" && jean.sourceLine == 2)
        #expect(result.contacts[2].company == "" && result.contacts[2].notes == "")
        #expect(jean.legalBasis == nil)
    }

    @Test("UTF-8 BOM is skipped and the header still recognised")
    func byteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("téléphone;prénom\n0612345678;Zoé\n".utf8)
        let result = try importer.importContacts(from: bytes)
        #expect(result.encoding == .utf8WithBOM)
        #expect(result.headers == ["téléphone", "prénom"])
        #expect(result.contacts.count == 1)
        #expect(result.contacts[0].firstName == "Zoé")
    }

    @Test("Latin-1 / Windows-1252 bytes decode (é, è, curly apostrophe)")
    func latin1() throws {
        // "Téléphone;Prénom;Nom;Société\n06 12 34 56 78;Hélène;L’Hôte;Crédit Agricole\n" in Windows-1252.
        var bytes = Array("T".utf8) + [0xE9, 0x6C, 0xE9] + Array("phone;Pr".utf8) + [0xE9] + Array("nom;Nom;Soci".utf8)
            + [0xE9] + Array("t".utf8) + [0xE9] + Array("\n06 12 34 56 78;H".utf8) + [0xE9, 0x6C, 0xE8] + Array("ne;L".utf8)
        bytes += [0x92] + Array("H".utf8) + [0xF4] + Array("te;Cr".utf8) + [0xE9] + Array("dit Agricole\n".utf8)
        let result = try importer.importContacts(from: bytes)
        #expect(result.encoding == .windows1252)
        #expect(result.separator == ";")
        let contact = try #require(result.contacts.first)
        #expect(contact.firstName == "Hélène")
        #expect(contact.lastName == "L\u{2019}Hôte")
        #expect(contact.company == "Crédit Agricole")
        #expect(contact.phone.e164 == "+33612345678")
    }

    @Test("UTF-16 (Excel 'Unicode text') with BOM is read")
    func utf16() throws {
        let text = "tel\tprenom\n0612345678\tÉlodie\n"
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let result = try importer.importContacts(from: bytes)
        #expect(result.encoding == .utf16)
        #expect(result.separator == "\t")
        #expect(result.contacts.first?.firstName == "Élodie")
    }

    @Test("French headers in any case or accents; extra columns become snake_case variables")
    func frenchHeaders() throws {
        let result = try run("""
            TÉLÉPHONE;Prénom;NOM;Société;E-mail;Commentaire;Code Postal;Ville
            06 12 34 56 78;Jean;Dupont;ACME;jean@acme.fr;rappeler;75011;Paris
            """)
        let contact = try #require(result.contacts.first)
        #expect(contact.firstName == "Jean" && contact.lastName == "Dupont" && contact.company == "ACME")
        #expect(contact.email == "jean@acme.fr" && contact.notes == "rappeler")
        #expect(contact.variables == ["code_postal": "75011", "ville": "Paris"])
    }

    @Test("Header aliases", arguments: ["phone", "Téléphone", "telephone", "Tel", "mobile", "Portable", "numéro", "Numero"])
    func phoneAliases(header: String) throws {
        let result = try run("\(header),prenom\n0612345678,Ana\n")
        #expect(result.contacts.map(\.phone.e164) == ["+33612345678"])
        #expect(result.contacts.first?.firstName == "Ana")
    }

    @Test("Quoted fields: separators, doubled quotes and newlines inside; line numbers stay physical")
    func quoting() throws {
        let text = "phone;notes;first_name\r\n"
            + "0612345678;\"a; b \"\"quoted\"\"\";Ana\r\n"
            + "0612345679;\"line one\r\nline two\nline three\";Bob\r\n"
            + "12;bad;Carl\r\n"
        let result = try run(text)
        #expect(result.contacts.count == 2)
        #expect(result.contacts[0].notes == "a; b \"quoted\"")
        #expect(result.contacts[1].notes == "line one\r\nline two\nline three")
        #expect(result.contacts[1].sourceLine == 3)
        // Bob's row spans lines 3–5, so Carl's row starts on physical line 6.
        #expect(result.report.invalid == [.init(line: 6, value: "12", reason: "too short")])
    }

    @Test("Duplicates (same E.164) merge: later non-empty fields fill blanks, counted once")
    func duplicates() throws {
        let result = try run("""
            phone,first_name,last_name,email,ville
            06 12 34 56 78,Jean,,,
            +33612345678,Jacques,Dupont,jean@x.fr,Lyon
            0033 6 12 34 56 78,,,,Paris
            0699999999,Zoé,,,
            """)
        #expect(result.report.imported == 2)
        #expect(result.report.duplicates == 2)
        let jean = try #require(result.contacts.first)
        #expect(jean.firstName == "Jean")       // first non-empty value wins
        #expect(jean.lastName == "Dupont")      // blank filled from the second row
        #expect(jean.email == "jean@x.fr")
        #expect(jean.variables == ["ville": "Lyon"])
        #expect(jean.sourceLine == 2)
    }

    @Test("Invalid rows are reported with line, value and reason; valid rows still import")
    func invalidRows() throws {
        let result = try run("""
            phone;first_name
            0612345678;Ok
            12345;Short

            06 12 AB 56 78;Letters
            0891234567;Premium
            ;NoPhone
            1234567890;Foreign
            +33 6 12 34 56 78 90;Long
            0712345678;Ok2
            """)
        #expect(result.report.imported == 2)
        #expect(result.report.duplicates == 0)
        #expect(result.report.invalid == [
            .init(line: 3, value: "12345", reason: "too short"),
            .init(line: 5, value: "06 12 AB 56 78", reason: "letters in number"),
            .init(line: 6, value: "0891234567", reason: "premium-rate number (089), not called"),
            .init(line: 7, value: "", reason: "missing phone"),
            .init(line: 8, value: "1234567890", reason: "not a French number (write foreign numbers with +country code)"),
            .init(line: 9, value: "+33 6 12 34 56 78 90", reason: "too long"),
        ])
    }

    @Test("Empty and separator-only lines are ignored")
    func emptyLines() throws {
        let result = try run("\n\nphone;nom\n\n0612345678;A\n;\n   \n0612345679;B\n\n")
        #expect(result.report == ImportReport(imported: 2, duplicates: 0, invalid: []))
        #expect(result.contacts.map(\.sourceLine) == [5, 8])
    }

    @Test("Legal basis columns: French aliases, both date formats, a date implies consent")
    func legalBasis() throws {
        let result = try run("""
            phone,legal_basis,consent_date,consent_source
            0612345601,consentement,01/03/2026,salon
            0612345602,contrat,,
            0612345603,,2026-02-14,site web
            0612345604,consent,,
            0612345605,,,
            0612345606,peut-être,,
            0612345607,consent,31/02/2026,
            """)
        #expect(result.contacts.map(\.legalBasis) == [
            .consent(on: CalendarDay(year: 2026, month: 3, day: 1), source: "salon"),
            .contract,
            .consent(on: CalendarDay(year: 2026, month: 2, day: 14), source: "site web"),
            LegalBasis(kind: .consent),
            nil,
        ])
        #expect(result.contacts[3].legalBasis?.isSufficient == false)
        #expect(result.report.invalid == [
            .init(line: 7, value: "peut-être", reason: "unknown legal_basis (expected consent/consentement or contract/contrat)"),
            .init(line: 8, value: "31/02/2026", reason: "invalid consent_date (expected YYYY-MM-DD or DD/MM/YYYY)"),
        ])
    }

    @Test("Unterminated quote is reported at the line where the row starts")
    func unterminatedQuote() throws {
        let result = try run("phone,notes\n0612345678,ok\n0612345679,\"never closed\nmore\n")
        #expect(result.contacts.count == 1)
        #expect(result.report.invalid == [
            .init(line: 3, value: "0612345679", reason: "unterminated quoted field (a \" is never closed)"),
        ])
    }

    @Test("A file without a phone column is refused as a whole with the headers named")
    func noPhoneColumn() {
        #expect(throws: ContactImportError.self) { try run("name,email\nJean,j@x.fr\n") }
        do {
            _ = try run("\nname;email\nJean;j@x.fr\n")
        } catch {
            #expect(error.line == 2)
            #expect(error.reason.contains("headers are: name, email"))
        }
        #expect(throws: ContactImportError(line: 1, reason: "empty file: no header line")) { try run("\n\n") }
    }

    @Test("Report JSON has exactly the keys imported, duplicates, invalid[line,value,reason]")
    func reportJSON() throws {
        let report = try run("phone\n0612345678\n0612345678\nabc\n").report
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(report), as: UTF8.self)
        #expect(json == #"{"duplicates":1,"imported":1,"invalid":[{"line":4,"reason":"letters in number","value":"abc"}]}"#)
    }

    @Test("Separator detection ignores separators inside quotes")
    func separatorDetection() throws {
        let result = try run("\"phone\";\"notes, with, commas\"\n0612345678;\"x, y\"\n")
        #expect(result.separator == ";")
        #expect(result.contacts.first?.variables == ["notes_with_commas": "x, y"])
    }
}
