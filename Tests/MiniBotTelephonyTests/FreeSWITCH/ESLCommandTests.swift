import Foundation
import MiniBotTelephony
import Testing

@Suite("ESL commands")
struct ESLCommandTests {
    @Test func commandsEndWithABlankLine() throws {
        #expect(try ESLCommand.auth(password: "ClueCon").text() == "auth ClueCon\n\n")
        #expect(try ESLCommand.api("status").text() == "api status\n\n")
        #expect(try ESLCommand.event(format: .json, names: ["DTMF", "CHANNEL_ANSWER"]).text() == "event json DTMF CHANNEL_ANSWER\n\n")
        #expect(try ESLCommand.filter(header: "Unique-ID", value: "abc").text() == "filter Unique-ID abc\n\n")
        let job = UUID(uuidString: "7F4DB78A-17D7-11DD-B7A0-DB4EDD065621")!
        #expect(try ESLCommand.bgapi("originate x &park()", jobUUID: job).text()
            == "bgapi originate x &park()\nJob-UUID: 7f4db78a-17d7-11dd-b7a0-db4edd065621\n\n")
    }

    @Test func lineBreaksInArgumentsAreRefused() {
        #expect(throws: ESLCommandError.invalidArgument("status\n\napi uuid_kill all")) {
            _ = try ESLCommand.api("status\n\napi uuid_kill all").text()
        }
        #expect(throws: ESLCommandError.self) { _ = try ESLCommand.auth(password: "a\rb").text() }
    }
}
