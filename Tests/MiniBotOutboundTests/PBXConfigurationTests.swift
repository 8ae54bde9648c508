import MiniBotOutbound
import Testing

@Suite("PBX selection from the environment")
struct PBXConfigurationTests {
    @Test func unsetPBXIsTheSimulatedLine() throws {
        let configuration = try PBXConfiguration(environment: [:])
        #expect(configuration.kind == .simulated)
        #expect(configuration.freeSwitch == nil && configuration.asterisk == nil)
        #expect(configuration.ringTimeoutSeconds == 30)
        #expect(configuration.pbxMachineDetection && configuration.dualLayerMachineDetection)
    }

    @Test func freeSwitchDefaultsMatchTheDocs() throws {
        let fs = try #require(try PBXConfiguration(environment: ["PBX": "freeswitch"]).freeSwitch)
        #expect(fs.eslHost == "127.0.0.1" && fs.eslPort == 8021 && fs.eslPassword == "ClueCon")
        #expect(fs.gateway == "gateway1" && fs.soundsDirectory == "/usr/share/freeswitch/sounds/minibot")
        #expect(fs.audioStreamHost == "0.0.0.0" && fs.audioStreamPort == 8080 && fs.audioStreamURL == nil)
    }

    @Test func freeSwitchFromEveryVariable() throws {
        let configuration = try PBXConfiguration(environment: [
            "PBX": "FreeSWITCH", "FREESWITCH_ESL_HOST": "10.0.0.2", "FREESWITCH_ESL_PORT": "8022",
            "FREESWITCH_ESL_PASSWORD": "s3cret", "FREESWITCH_GATEWAY": "sfr", "FREESWITCH_SOUNDS_DIR": "/srv/sounds",
            "AUDIO_STREAM_HOST": "10.0.0.5", "AUDIO_STREAM_PORT": "8090", "AUDIO_STREAM_URL": "ws://10.0.0.5:8090/",
            "CALLER_ID": "+33187654321", "RING_TIMEOUT": "25", "AMD_ENABLED": "no", "AMD_DUAL_LAYER": "off",
        ])
        #expect(configuration.kind == .freeswitch)
        let fs = try #require(configuration.freeSwitch)
        #expect(fs.eslHost == "10.0.0.2" && fs.eslPort == 8022 && fs.eslPassword == "s3cret")
        #expect(fs.gateway == "sfr" && fs.soundsDirectory == "/srv/sounds")
        #expect(fs.audioStreamHost == "10.0.0.5" && fs.audioStreamPort == 8090 && fs.audioStreamURL == "ws://10.0.0.5:8090")
        #expect(configuration.callerID == "+33187654321" && configuration.ringTimeoutSeconds == 25)
        #expect(!configuration.pbxMachineDetection && !configuration.dualLayerMachineDetection)
    }

    @Test func asteriskFromEveryVariable() throws {
        let configuration = try PBXConfiguration(environment: [
            "PBX": "asterisk", "ASTERISK_ARI_URL": "http://pbx.lan:8088", "ASTERISK_ARI_USER": "bot",
            "ASTERISK_ARI_PASSWORD": "pw", "ASTERISK_ARI_APP": "campaigns", "ASTERISK_ENDPOINT": "SIP/{number}@ovh",
            "ASTERISK_AMD_CONTEXT": "", "AUDIOSOCKET_HOST": "0.0.0.0", "AUDIOSOCKET_PORT": "9093",
            "AUDIOSOCKET_PUBLIC_ADDRESS": "10.0.0.5:9093",
        ])
        let ast = try #require(configuration.asterisk)
        #expect(ast.ariURL == "http://pbx.lan:8088" && ast.username == "bot" && ast.password == "pw")
        #expect(ast.application == "campaigns" && ast.endpointTemplate == "SIP/{number}@ovh")
        #expect(ast.machineDetectionContext == nil, "an empty ASTERISK_AMD_CONTEXT turns the AMD context off")
        #expect(ast.audioSocketHost == "0.0.0.0" && ast.audioSocketPort == 9093 && ast.audioSocketPublicAddress == "10.0.0.5:9093")
        #expect(try PBXConfiguration(environment: ["PBX": "asterisk", "ASTERISK_ARI_PASSWORD": "pw"]).asterisk?.machineDetectionContext
            == "minibot-amd")
    }

    @Test(arguments: [
        (["PBX": "3cx"], "PBX"),
        (["PBX": "freeswitch", "FREESWITCH_ESL_PORT": "80a"], "FREESWITCH_ESL_PORT"),
        (["PBX": "freeswitch", "FREESWITCH_ESL_PORT": "70000"], "FREESWITCH_ESL_PORT"),
        (["PBX": "freeswitch", "FREESWITCH_GATEWAY": "gw 1"], "FREESWITCH_GATEWAY"),
        (["PBX": "freeswitch", "FREESWITCH_SOUNDS_DIR": "sounds"], "FREESWITCH_SOUNDS_DIR"),
        (["PBX": "freeswitch", "AUDIO_STREAM_URL": "http://10.0.0.5:8080"], "AUDIO_STREAM_URL"),
        (["PBX": "asterisk"], "ASTERISK_ARI_PASSWORD"),
        (["PBX": "asterisk", "ASTERISK_ARI_PASSWORD": "pw", "ASTERISK_ENDPOINT": "PJSIP/trunk"], "ASTERISK_ENDPOINT"),
        (["PBX": "asterisk", "ASTERISK_ARI_PASSWORD": "pw", "ASTERISK_ARI_URL": "pbx.lan:8088"], "ASTERISK_ARI_URL"),
        (["PBX": "asterisk", "ASTERISK_ARI_PASSWORD": "pw", "AUDIOSOCKET_PUBLIC_ADDRESS": "10.0.0.5"], "AUDIOSOCKET_PUBLIC_ADDRESS"),
        (["RING_TIMEOUT": "0"], "RING_TIMEOUT"),
        (["CALLER_ID": "01 87"], "CALLER_ID"),
        (["AMD_DUAL_LAYER": "maybe"], "AMD_DUAL_LAYER"),
    ])
    func invalidValuesNameTheirVariable(environment: [String: String], variable: String) {
        do {
            _ = try PBXConfiguration(environment: environment)
            Issue.record("\(environment) was accepted")
        } catch {
            #expect(error.variable == variable)
            #expect(error.description.hasPrefix(variable))
        }
    }

    @Test func onlyTheChosenPBXIsChecked() throws {
        // A broken FreeSWITCH variable does not stop a dry run.
        let configuration = try PBXConfiguration(environment: ["PBX": "simulated", "FREESWITCH_ESL_PORT": "nope"])
        #expect(configuration.kind == .simulated)
    }
}
