import Foundation
import Testing
@testable import MiniBotStorage

@Suite("DATABASE_URL parsing")
struct DatabaseURLTests {
    @Test("unset or empty means the default SQLite file")
    func defaults() throws {
        #expect(try DatabaseURL(parsing: nil) == .sqliteFile(DatabaseURL.defaultSQLitePath))
        #expect(try DatabaseURL(parsing: "  ") == .sqliteFile(DatabaseURL.defaultSQLitePath))
        #expect(try DatabaseURL.fromEnvironment([:]) == .sqliteFile(DatabaseURL.defaultSQLitePath))
    }

    @Test("SQLite spellings", arguments: [
        ("sqlite:data/minibot.db", DatabaseURL.sqliteFile("data/minibot.db")),
        ("sqlite://data/minibot.db", .sqliteFile("data/minibot.db")),
        ("sqlite:///var/lib/minibot.db", .sqliteFile("/var/lib/minibot.db")),
        ("/var/lib/minibot.db", .sqliteFile("/var/lib/minibot.db")),
        ("minibot.sqlite", .sqliteFile("minibot.sqlite")),
        ("sqlite::memory:", .sqliteMemory),
    ])
    func sqlite(text: String, expected: DatabaseURL) throws {
        #expect(try DatabaseURL(parsing: text) == expected)
    }

    @Test("PostgreSQL URLs with port, database, sslmode and percent-encoded password")
    func postgres() throws {
        let url = try DatabaseURL(parsing: "postgresql://bot:p%40ss@db.local:6543/minibot?sslmode=disable&connect_timeout=3")
        guard case .postgres(let s) = url else { Issue.record("not postgres: \(url)"); return }
        #expect(s.host == "db.local")
        #expect(s.port == 6543)
        #expect(s.username == "bot")
        #expect(s.password == "p@ss")
        #expect(s.database == "minibot")
        #expect(s.connectTimeoutSeconds == 3)
        #expect(!url.description.contains("p@ss"))

        guard case .postgres(let d) = try DatabaseURL(parsing: "postgres://postgres@127.0.0.1") else {
            Issue.record("not postgres"); return
        }
        #expect(d.port == 5432)
        #expect(d.database == "postgres")
        #expect(d.password == nil)
    }

    @Test("bad URLs name DATABASE_URL and say why", arguments: [
        ("mysql://u:p@h/db", "unsupported scheme"),
        ("postgres://u:p@h/db?sslmode=require", "sslmode=require"),
        ("postgres://:p@h/db", "user name is missing"),
        ("postgres://u:p@h/db?foo=1", "unknown parameter"),
        ("postgres://u:p@h/db?connect_timeout=0", "connect_timeout"),
        ("sqlite:", "path is empty"),
    ])
    func bad(text: String, fragment: String) {
        do {
            _ = try DatabaseURL(parsing: text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains("DATABASE_URL"))
            #expect(error.description.contains(fragment), "\(error.description)")
            #expect(!error.description.contains(":p@"), "password leaked: \(error.description)")
        }
    }
}
