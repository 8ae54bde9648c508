import Foundation
import Testing
import MiniBotLanguage

@Suite struct ObjectionDatabaseTests {
    @Test func shippedThemesHaveEnoughEntries() throws {
        let database = try ObjectionDatabase.bundled()
        #expect(database.entries.count >= 100)
        #expect(Set(database.themes).isSuperset(of: ["general", "finance", "crypto", "energie", "immobilier"]))
        for theme in database.themes {
            let entries = database.entries(theme: theme)
            #expect(entries.filter { $0.kind == .objection }.count >= 10, "\(theme) objections")
            #expect(entries.filter { $0.kind == .faq }.count >= 10, "\(theme) faq")
        }
        #expect(Set(database.entries.map(\.id)).count == database.entries.count)
        for entry in database.entries {
            #expect(!entry.keywords.isEmpty && !entry.response.isEmpty)
            #expect(entry.response.count < 220, "\(entry.id) response too long for the phone")
        }
    }

    func parse(_ json: String) throws -> ObjectionDatabase {
        try ObjectionDatabase(jsonData: Data(json.utf8), file: "custom.json")
    }

    @Test func malformedJSONNamesTheFile() {
        let error = #expect(throws: ObjectionDatabaseError.self) { try parse("{ not json") }
        #expect(error?.file == "custom.json" && error?.path == "$")
    }

    @Test func wrongFieldGivesItsJSONPath() {
        let json = """
        {"theme": "x", "entries": [
          {"id": "a", "kind": "objection", "category": "c", "keywords": ["k"], "response": "r"},
          {"id": "b", "kind": "faq", "category": "c", "keywords": ["k", 3], "response": "r"}
        ]}
        """
        #expect(throws: ObjectionDatabaseError(file: "custom.json", path: "$.entries[1].keywords[1]", reason: "expected a string")) {
            try parse(json)
        }
    }

    @Test func unknownKindMissingResponseAndDuplicatesAreRejected() {
        let badKind = #"{"theme":"x","entries":[{"id":"a","kind":"joke","category":"c","keywords":["k"],"response":"r"}]}"#
        #expect(#expect(throws: ObjectionDatabaseError.self) { try parse(badKind) }?.path == "$.entries[0].kind")
        let noResponse = #"{"theme":"x","entries":[{"id":"a","kind":"faq","category":"c","keywords":["k"]}]}"#
        #expect(#expect(throws: ObjectionDatabaseError.self) { try parse(noResponse) }?.path == "$.entries[0].response")
        let duplicate = #"{"theme":"x","entries":[{"id":"a","kind":"faq","category":"c","keywords":["k"],"response":"r"},{"id":"a","kind":"faq","category":"c","keywords":["k"],"response":"r"}]}"#
        #expect(#expect(throws: ObjectionDatabaseError.self) { try parse(duplicate) }?.reason.contains("duplicate") == true)
    }

    @Test func operatorDirectoryLoadsAndMergesWithShippedThemes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-objections-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = #"{"theme":"mutuelle","entries":[{"id":"mut_deja","kind":"objection","category":"competition","keywords":["déjà une mutuelle"],"response":"Comparons vos garanties.","audioFile":null}]}"#
        try Data(json.utf8).write(to: directory.appendingPathComponent("mutuelle.json"))
        let custom = try ObjectionDatabase(directory: directory)
        let merged = try ObjectionDatabase.bundled().merging(custom)
        let matcher = ObjectionMatcher(database: merged)
        #expect(matcher.bestMatch(for: "j'ai déjà une mutuelle", themes: ["mutuelle"])?.entry.id == "mut_deja")
        #expect(throws: ObjectionDatabaseError.self) { try merged.merging(custom) }
    }
}
