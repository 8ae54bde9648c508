import Foundation
import MiniBotTelephony
import Testing

@Suite("FreeSWITCH originate dial string")
struct FreeSwitchDialStringTests {
    let request = DialRequest(callID: UUID(uuidString: "4a5c7a0e-6d55-4c3e-9d1c-0c7e5b1d2f30")!, number: "+33612349001")

    @Test func theNumberReplacesThePlaceholder() throws {
        let command = try FreeSwitchDialer.originateCommand(for: request, dialString: "loopback/{number}/minibot-test")
        #expect(command.hasPrefix("originate {origination_uuid=4a5c7a0e-6d55-4c3e-9d1c-0c7e5b1d2f30,"))
        #expect(command.hasSuffix("}loopback/+33612349001/minibot-test &park()"))
    }

    @Test func theGatewayFormIsTheDefaultDialString() throws {
        let configuration = FreeSwitchDialer.Configuration(gateway: "sfr", soundsDirectory: "/tmp")
        #expect(configuration.dialString == "sofia/gateway/sfr/{number}")
        #expect(try FreeSwitchDialer.originateCommand(for: request, gateway: "sfr")
            == FreeSwitchDialer.originateCommand(for: request, dialString: "sofia/gateway/sfr/{number}"))
    }

    @Test(arguments: ["user/0612345678", "user/{number} x", "{a=b}user/{number}"])
    func aBrokenDialStringIsRefusedBeforeAnythingIsSent(dialString: String) {
        #expect(throws: ESLCommandError.self) { try FreeSwitchDialer.originateCommand(for: request, dialString: dialString) }
    }
}
