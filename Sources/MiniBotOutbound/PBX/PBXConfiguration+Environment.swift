import Foundation

extension PBXConfiguration {
    /// Every variable this parser reads, for `doctor` output and docs.
    public static let variables = [
        "PBX", "FREESWITCH_ESL_HOST", "FREESWITCH_ESL_PORT", "FREESWITCH_ESL_PASSWORD", "FREESWITCH_GATEWAY",
        "FREESWITCH_SOUNDS_DIR", "AUDIO_STREAM_HOST", "AUDIO_STREAM_PORT", "AUDIO_STREAM_URL", "ASTERISK_ARI_URL",
        "ASTERISK_ARI_USER", "ASTERISK_ARI_PASSWORD", "ASTERISK_ARI_APP", "ASTERISK_ENDPOINT", "ASTERISK_AMD_CONTEXT",
        "AUDIOSOCKET_HOST", "AUDIOSOCKET_PORT", "AUDIOSOCKET_PUBLIC_ADDRESS", "CALLER_ID", "RING_TIMEOUT",
        "AMD_ENABLED", "AMD_DUAL_LAYER", "ASTERISK_TRANSFER_ENDPOINT", "ASTERISK_TRANSFER_DEVICE", "ASTERISK_TRANSFER_CONTEXT",
        "FREESWITCH_TRANSFER_DIAL_STRING", "FREESWITCH_TRANSFER_CONTEXT",
        "FREESWITCH_DIAL_STRING",
    ]

    /// Reads the configuration from environment variables; unset or empty variables take their
    /// defaults (docs/pbx/), only the chosen PBX's variables are checked.
    public init(environment: [String: String]) throws(PBXConfigurationError) {
        let env = Reader(environment: environment)
        let kindText = env["PBX"] ?? Kind.simulated.rawValue
        guard let kind = Kind(rawValue: kindText.lowercased()) else {
            throw PBXConfigurationError(variable: "PBX", value: kindText,
                                        reason: "expected one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.init(kind: kind)
        callerID = try env.dialable("CALLER_ID")
        ringTimeoutSeconds = try env.integer("RING_TIMEOUT", in: 5...300) ?? 30
        pbxMachineDetection = try env.boolean("AMD_ENABLED") ?? true
        dualLayerMachineDetection = try env.boolean("AMD_DUAL_LAYER") ?? true
        switch kind {
        case .freeswitch:
            var fs = FreeSwitch()
            fs.eslHost = try env.host("FREESWITCH_ESL_HOST") ?? fs.eslHost
            fs.eslPort = try env.port("FREESWITCH_ESL_PORT") ?? fs.eslPort
            fs.eslPassword = try env.word("FREESWITCH_ESL_PASSWORD") ?? fs.eslPassword
            fs.gateway = try env.word("FREESWITCH_GATEWAY") ?? fs.gateway
            fs.dialString = try env.freeSwitchDialString("FREESWITCH_DIAL_STRING")
            fs.soundsDirectory = try env.absolutePath("FREESWITCH_SOUNDS_DIR") ?? fs.soundsDirectory
            fs.audioStreamHost = try env.host("AUDIO_STREAM_HOST") ?? fs.audioStreamHost
            fs.audioStreamPort = try env.port("AUDIO_STREAM_PORT", allowsZero: true) ?? fs.audioStreamPort
            fs.audioStreamURL = try env.url("AUDIO_STREAM_URL", schemes: ["ws", "wss"])
            if let template = env["FREESWITCH_TRANSFER_DIAL_STRING"] {
                guard !template.contains(where: \.isWhitespace) else {
                    throw PBXConfigurationError(variable: "FREESWITCH_TRANSFER_DIAL_STRING", value: template,
                                                reason: "expected a dial string, e.g. user/{target} or sofia/gateway/pbx/{target}")
                }
                fs.transfer.dialStringTemplate = template
            }
            fs.transfer.context = try env.word("FREESWITCH_TRANSFER_CONTEXT") ?? fs.transfer.context
            freeSwitch = fs
        case .asterisk:
            var ast = Asterisk()
            ast.ariURL = try env.url("ASTERISK_ARI_URL", schemes: ["http", "https"]) ?? ast.ariURL
            ast.username = try env.word("ASTERISK_ARI_USER") ?? ast.username
            guard let password = env["ASTERISK_ARI_PASSWORD"] else {
                throw PBXConfigurationError(variable: "ASTERISK_ARI_PASSWORD", value: nil,
                                            reason: "required with PBX=asterisk (the ari.conf user's password)")
            }
            ast.password = password
            ast.application = try env.word("ASTERISK_ARI_APP") ?? ast.application
            if let template = env["ASTERISK_ENDPOINT"] {
                guard template.contains("{number}"), !template.contains(where: \.isWhitespace) else {
                    throw PBXConfigurationError(variable: "ASTERISK_ENDPOINT", value: template,
                                                reason: "expected a dial string with {number}, e.g. PJSIP/{number}@trunk")
                }
                ast.endpointTemplate = template
            }
            if let context = env.raw("ASTERISK_AMD_CONTEXT") {
                ast.machineDetectionContext = context.isEmpty ? nil : try env.word("ASTERISK_AMD_CONTEXT")
            }
            if let template = env["ASTERISK_TRANSFER_ENDPOINT"] {
                guard !template.contains(where: \.isWhitespace) else {
                    throw PBXConfigurationError(variable: "ASTERISK_TRANSFER_ENDPOINT", value: template,
                                                reason: "expected a dial string, e.g. PJSIP/{target} or Local/{target}@agents")
                }
                ast.transfer.endpointTemplate = template
            }
            ast.transfer.context = try env.word("ASTERISK_TRANSFER_CONTEXT") ?? ast.transfer.context
            if let device = env["ASTERISK_TRANSFER_DEVICE"] {
                guard !device.contains(where: \.isWhitespace) else {
                    throw PBXConfigurationError(variable: "ASTERISK_TRANSFER_DEVICE", value: device,
                                                reason: "expected a device name, e.g. PJSIP/{target} or Stasis:{target}")
                }
                ast.transfer.deviceTemplate = device
            }
            ast.audioSocketHost = try env.host("AUDIOSOCKET_HOST") ?? ast.audioSocketHost
            ast.audioSocketPort = try env.port("AUDIOSOCKET_PORT", allowsZero: true) ?? ast.audioSocketPort
            if let address = env["AUDIOSOCKET_PUBLIC_ADDRESS"] {
                guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
                      (1...65_535).contains(port), colon > address.startIndex else {
                    throw PBXConfigurationError(variable: "AUDIOSOCKET_PUBLIC_ADDRESS", value: address,
                                                reason: "expected host:port as Asterisk reaches the bot, e.g. 10.0.0.5:9092")
                }
                ast.audioSocketPublicAddress = address
            }
            asterisk = ast
        case .simulated:
            break
        }
    }
}

/// Typed reads of environment variables; each failure names its variable.
private struct Reader {
    let environment: [String: String]

    /// The trimmed value, nil when unset or blank.
    subscript(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// The value even when empty (to tell "set to nothing" from "unset").
    func raw(_ name: String) -> String? { environment[name]?.trimmingCharacters(in: .whitespaces) }

    func fail(_ name: String, _ reason: String) -> PBXConfigurationError {
        PBXConfigurationError(variable: name, value: environment[name], reason: reason)
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws(PBXConfigurationError) -> Int? {
        guard let text = self[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw fail(name, "expected a whole number of seconds between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    func port(_ name: String, allowsZero: Bool = false) throws(PBXConfigurationError) -> Int? {
        guard let text = self[name] else { return nil }
        guard let value = Int(text), ((allowsZero ? 0 : 1)...65_535).contains(value) else {
            throw fail(name, "not a TCP port (1-65535)")
        }
        return value
    }

    func boolean(_ name: String) throws(PBXConfigurationError) -> Bool? {
        guard let text = self[name] else { return nil }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw fail(name, "expected true or false")
        }
    }

    func host(_ name: String) throws(PBXConfigurationError) -> String? {
        guard let text = self[name] else { return nil }
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) }) else {
            throw fail(name, "not a host name or IP address")
        }
        return text
    }

    /// A token that goes into PBX commands unquoted (gateway, app, password): no spaces or braces.
    func word(_ name: String) throws(PBXConfigurationError) -> String? {
        guard let text = self[name] else { return nil }
        guard !text.contains(where: { $0.isWhitespace || "{},'\"".contains($0) }) else {
            throw fail(name, "must not contain spaces, quotes, commas or braces")
        }
        return text
    }

    func absolutePath(_ name: String) throws(PBXConfigurationError) -> String? {
        guard let text = self[name] else { return nil }
        guard text.hasPrefix("/"), !text.contains(where: \.isWhitespace) else {
            throw fail(name, "expected an absolute path without spaces (FreeSWITCH reads the prompts from it)")
        }
        return text
    }

    func url(_ name: String, schemes: [String]) throws(PBXConfigurationError) -> String? {
        guard let text = self[name] else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), schemes.contains(scheme), url.host != nil else {
            throw fail(name, "expected a \(schemes.map { "\($0)://" }.joined(separator: " or ")) URL with a host")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// One FreeSWITCH destination with `{number}`: no spaces (the originate line is split on them),
    /// no quotes or braces (they would end the `{variables}` prefix), no `,` or `|` (several
    /// destinations would share our `origination_uuid`).
    func freeSwitchDialString(_ name: String) throws(PBXConfigurationError) -> String? {
        guard let text = self[name] else { return nil }
        let rest = text.replacingOccurrences(of: "{number}", with: "")
        guard text.contains("{number}"), rest.contains("/"),
              !rest.contains(where: { $0.isWhitespace || "{}'\",|".contains($0) }) else {
            throw fail(name, "expected one dial string with {number} and no spaces, quotes, braces, commas or pipes, "
                + "e.g. sofia/gateway/sfr/{number}, user/{number} or loopback/{number}/default")
        }
        return text
    }

    func dialable(_ name: String) throws(PBXConfigurationError) -> String? {
        guard let text = self[name] else { return nil }
        let body = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !body.isEmpty, body.count <= 20, body.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw fail(name, "expected a phone number (digits, optional leading +)")
        }
        return text
    }
}
