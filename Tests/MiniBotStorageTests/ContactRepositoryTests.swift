import Foundation
import MiniBotDialer
import Testing
@testable import MiniBotStorage

@Suite("Contacts", .timeLimit(.minutes(1)))
struct ContactRepositoryTests {
    @Test("save round-trips every field, legal basis and variables included", arguments: Engine.allCases)
    func roundTrip(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            let jean = Contact(phone: Fixture.phone(1), firstName: "Jean", lastName: "Dupont", company: "ACME",
                               email: "jean@example.fr", notes: "rappeler l'après-midi",
                               variables: ["ville": "Lyon", "code_postal": "69001"],
                               legalBasis: .consent(on: CalendarDay(year: 2026, month: 3, day: 1), source: "salon"),
                               sourceLine: 7)
            let bare = Contact(phone: Fixture.phone(2))
            let summary = try await db.contacts.save([jean, bare])
            #expect(summary == ContactSaveSummary(inserted: 2, updated: 0))
            #expect(try await db.contacts.contact(phone: jean.phone) == jean)
            #expect(try await db.contacts.contact(phone: bare.phone) == bare)
            #expect(try await db.contacts.contact(phone: Fixture.phone(3)) == nil)
            try await db.close()
        }
    }

    @Test("saving again fills blanks only, like the importer, and counts updates", arguments: Engine.allCases)
    func mergeFillsBlanks(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            let first = Contact(phone: Fixture.phone(1), firstName: "Jean", variables: ["ville": "Lyon"])
            _ = try await db.contacts.save([first, Contact(phone: Fixture.phone(2), firstName: "Anne")])
            let later = Contact(phone: Fixture.phone(1), firstName: "Jeannot", lastName: "Dupont",
                                variables: ["ville": "Paris", "age": "40"], legalBasis: .contract)
            let unchanged = Contact(phone: Fixture.phone(2), firstName: "Autre")
            let summary = try await db.contacts.save([later, unchanged, Contact(phone: Fixture.phone(3))])
            #expect(summary == ContactSaveSummary(inserted: 1, updated: 1))
            var expected = first
            expected.fillBlanks(from: later)
            let stored = try #require(try await db.contacts.contact(phone: Fixture.phone(1)))
            #expect(stored == expected)
            #expect(stored.firstName == "Jean")
            #expect(stored.lastName == "Dupont")
            #expect(stored.variables == ["ville": "Lyon", "age": "40"])
            #expect(try await db.contacts.contact(phone: Fixture.phone(2))?.firstName == "Anne")
            try await db.close()
        }
    }

    @Test("duplicates inside one save are merged into one row", arguments: Engine.allCases)
    func duplicatesInOneSave(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            let summary = try await db.contacts.save([Contact(phone: Fixture.phone(1), firstName: "A"),
                                                      Contact(phone: Fixture.phone(1), lastName: "B")])
            #expect(summary == ContactSaveSummary(inserted: 1, updated: 0))
            let stored = try await db.contacts.contact(phone: Fixture.phone(1))
            #expect(stored?.firstName == "A")
            #expect(stored?.lastName == "B")
            try await db.close()
        }
    }

    @Test("selection by status, limit and offset keeps import order", arguments: Engine.allCases)
    func selection(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            let contacts = (0..<10).map { Fixture.contact($0) }
            _ = try await db.contacts.save(contacts)
            // Mark contacts 3 and 7 as leads through the storage's own status column.
            try await db.executor.execute("UPDATE contacts SET status = 'lead' WHERE phone IN (?, ?)",
                                          [.text(contacts[3].phone.e164), .text(contacts[7].phone.e164)])
            let all = try await db.contacts.contacts(matching: ContactSelection(), offset: 0)
            #expect(all.map(\.phone) == contacts.map(\.phone))
            let page = try await db.contacts.contacts(matching: ContactSelection(limit: 3), offset: 4)
            #expect(page.map(\.phone) == contacts[4..<7].map(\.phone))
            let leads = try await db.contacts.contacts(matching: ContactSelection(statuses: [.lead]), offset: 0)
            #expect(leads.map(\.phone) == [contacts[3].phone, contacts[7].phone])
            let fresh = try await db.contacts.count(matching: ContactSelection(statuses: [.new]))
            #expect(fresh == 8)
            let stored = try await db.contacts.storedContacts(matching: ContactSelection(statuses: [.lead]),
                                                              afterID: 0, limit: 1)
            #expect(stored.map(\.contact.phone) == [contacts[3].phone])
            #expect(stored.first?.status == .lead)
            let next = try await db.contacts.storedContacts(matching: ContactSelection(statuses: [.lead]),
                                                            afterID: stored[0].id, limit: 10)
            #expect(next.map(\.contact.phone) == [contacts[7].phone])
            try await db.close()
        }
    }

    @Test("a corrupt stored value is reported with table, column and value", arguments: Engine.allCases)
    func corruptValue(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            _ = try await db.contacts.save([Fixture.contact(1)])
            try await db.executor.execute("UPDATE contacts SET legal_basis_kind = 'telepathy'")
            do {
                _ = try await db.contacts.contact(phone: Fixture.phone(1))
                Issue.record("decoded a corrupt row")
            } catch let error as StorageError {
                #expect(error.description.contains("contacts.legal_basis_kind"))
                #expect(error.description.contains("telepathy"))
            }
            try await db.close()
        }
    }
}
