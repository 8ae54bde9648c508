import struct Foundation.UUID
import Logging

/// Transfers of inbound AudioSocket calls (README's `[minibot]` context): the socket carries
/// audio only, and ARI refuses to set a variable on a channel outside Stasis (measured:
/// `POST /channels/{id}/variable` → "Channel not in Stasis application"). So the bot sets the
/// global variable `MINIBOT_TRANSFER_<call uuid>` to the agent's dial string, then closes the
/// socket; `AudioSocket()` returns 0 on our hang-up message and the dialplan goes on:
/// ```
/// same => n,AudioSocket(${CALL_UUID},bot.example.lan:9092)
/// same => n,Set(MINIBOT_TRANSFER=${GLOBAL(MINIBOT_TRANSFER_${CALL_UUID})})
/// same => n,Set(GLOBAL(MINIBOT_TRANSFER_${CALL_UUID})=)
/// same => n,GotoIf($["${MINIBOT_TRANSFER}" = ""]?done)
/// same => n,Dial(${MINIBOT_TRANSFER},20)
/// ```
/// The agent's availability is checked first (device state), because once the socket is
/// closed the bot cannot take the caller back: a ring timeout there is the dialplan's to handle.
public struct AsteriskDialplanTransferDesk: CallTransferDesk {
    public static let variablePrefix = "MINIBOT_TRANSFER_"

    private let client: ARIClient
    private let configuration: ARITransferConfiguration
    private let logger: Logger

    public init(client: ARIClient, configuration: ARITransferConfiguration = ARITransferConfiguration(),
                logger: Logger = Logger(label: "minibot.ari.transfer")) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    /// The global variable read by the dialplan for `callID` (lower-case, as `UUID()` writes it).
    public static func variable(for callID: UUID) -> String {
        variablePrefix + callID.uuidString.lowercased()
    }

    public func transfer(callID: UUID, request: TransferRequest) async -> TransferResult {
        if let refusal = await configuration.checkAvailability(of: request.target, client: client) {
            return refusal
        }
        let endpoint = configuration.endpoint(for: request.target)
        do {
            try await client.setGlobalVariable(Self.variable(for: callID), value: endpoint)
        } catch {
            logger.error("could not hand the transfer to the dialplan", metadata: ["call_id": "\(callID)", "error": "\(error)"])
            return .failed("\(error)")
        }
        return .connected
    }
}
