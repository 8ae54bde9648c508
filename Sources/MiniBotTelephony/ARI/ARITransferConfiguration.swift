/// Where an Asterisk transfer goes and how the agent's availability is checked first.
///
/// A target that is already an endpoint (`PJSIP/100`, `Local/100@agents`: it has a `/`) is used
/// as is; a logical name (`technicien`) goes through ``endpointTemplate``. The device state of
/// ``deviceTemplate`` (when set) is read before ringing anyone, so a busy or logged-out agent
/// costs the caller no ringing.
/// ```swift
/// let transfer = ARITransferConfiguration(endpointTemplate: "PJSIP/{target}", deviceTemplate: "PJSIP/{target}")
/// transfer.endpoint(for: "technicien")       // "PJSIP/technicien"
/// ARITransferConfiguration.availability(ofDeviceState: "INUSE")   // .busy
/// ```
public struct ARITransferConfiguration: Sendable, Hashable {
    /// `{target}` is replaced by the transfer target (`ASTERISK_TRANSFER_ENDPOINT`).
    public var endpointTemplate: String
    /// Device checked before the transfer (`ASTERISK_TRANSFER_DEVICE`); nil: no check.
    public var deviceTemplate: String?
    /// Dialplan context ARI calls continue into (`ASTERISK_TRANSFER_CONTEXT`, docs/pbx/asterisk.md):
    /// `Dial(${MINIBOT_TRANSFER},${MINIBOT_TRANSFER_TIMEOUT})`, back to Stasis when nobody answered.
    public var context: String
    /// Extra wait beyond the ring timeout for Asterisk's events.
    public var eventTimeoutMargin: Duration

    public init(endpointTemplate: String = "Local/{target}@minibot-agents", deviceTemplate: String? = nil,
                context: String = "minibot-transfer", eventTimeoutMargin: Duration = .seconds(5)) {
        self.endpointTemplate = endpointTemplate
        self.deviceTemplate = deviceTemplate
        self.context = context
        self.eventTimeoutMargin = eventTimeoutMargin
    }

    public func endpoint(for target: String) -> String {
        target.contains("/") ? target : endpointTemplate.replacingOccurrences(of: "{target}", with: target)
    }

    public func device(for target: String) -> String? {
        deviceTemplate.map { $0.replacingOccurrences(of: "{target}", with: target) }
    }

    /// Nil when the agent may take a call; else why not. `UNKNOWN` counts as available (the ring decides).
    public static func availability(ofDeviceState state: String) -> TransferResult? {
        switch state.uppercased() {
        case "NOT_INUSE", "UNKNOWN": nil
        case "INUSE", "BUSY", "RINGING", "RINGINUSE", "ONHOLD": .busy
        default: .unavailable("device state \(state)")
        }
    }

    /// Reads the target's device state through `client`; nil when the agent may be rung.
    func checkAvailability(of target: String, client: ARIClient) async -> TransferResult? {
        guard let device = device(for: target) else { return nil }
        do {
            return Self.availability(ofDeviceState: try await client.deviceState(device))
        } catch {
            return .unavailable("device state of \(device) unreadable: \(error)")
        }
    }
}
