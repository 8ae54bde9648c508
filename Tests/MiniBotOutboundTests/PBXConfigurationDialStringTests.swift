import MiniBotOutbound
import Testing

@Suite("FREESWITCH_DIAL_STRING")
struct PBXConfigurationDialStringTests {
    @Test func defaultsToTheGatewayDialString() throws {
        let fs = try #require(try PBXConfiguration(environment: ["PBX": "freeswitch", "FREESWITCH_GATEWAY": "sfr"]).freeSwitch)
        #expect(fs.dialString == nil)
        #expect(fs.dialStringTemplate == "sofia/gateway/sfr/{number}")
        let plain = try #require(try PBXConfiguration(environment: ["PBX": "freeswitch"]).freeSwitch)
        #expect(plain.dialStringTemplate == "sofia/gateway/gateway1/{number}")
    }

    @Test(arguments: ["user/{number}", "sofia/external/{number}@10.0.0.9", "loopback/{number}/minibot-test",
                      "sofia/gateway/ovh/0033{number}"])
    func acceptsOneDestinationWithTheNumber(template: String) throws {
        let fs = try #require(try PBXConfiguration(environment: [
            "PBX": "freeswitch", "FREESWITCH_GATEWAY": "sfr", "FREESWITCH_DIAL_STRING": template,
        ]).freeSwitch)
        #expect(fs.dialString == template && fs.dialStringTemplate == template)
    }

    @Test(arguments: ["sofia/gateway/sfr/0612345678", "{number}", "loopback/{number} default", "sofia/gateway/a/{number},user/{number}",
                      "sofia/gateway/a/{number}|user/{number}", "{x=1}user/{number}", "user/'{number}'"])
    func refusesWhatCannotBeOneDestination(template: String) {
        do {
            _ = try PBXConfiguration(environment: ["PBX": "freeswitch", "FREESWITCH_DIAL_STRING": template])
            Issue.record("\(template) was accepted")
        } catch {
            #expect(error.variable == "FREESWITCH_DIAL_STRING")
            #expect(error.description.contains("{number}"))
        }
    }

    @Test func isListedWithTheOtherVariables() {
        #expect(PBXConfiguration.variables.contains("FREESWITCH_DIAL_STRING"))
    }
}
