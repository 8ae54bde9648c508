import Logging
import MiniBotOutbound
import MiniBotTelephony

extension MiniBotService {
    /// Live transfers of inbound AudioSocket calls (README's `[minibot]` context): with ARI
    /// credentials (`ASTERISK_ARI_URL`/`_USER`/`_PASSWORD`), the bot checks the agent
    /// (`ASTERISK_TRANSFER_DEVICE`) and hands the dial string (`ASTERISK_TRANSFER_ENDPOINT`) to the
    /// dialplan; without them a transfer only records its target.
    static func inboundTransferDesk(_ values: [String: String], logger: Logger) -> (any CallTransferDesk)? {
        guard let password = values["ASTERISK_ARI_PASSWORD"], !password.isEmpty else { return nil }
        let client = ARIClient(configuration: .init(url: values["ASTERISK_ARI_URL"] ?? "http://127.0.0.1:8088",
                                                    username: values["ASTERISK_ARI_USER"] ?? "minibot", password: password,
                                                    application: values["ASTERISK_ARI_APP"] ?? "minibot"), logger: logger)
        var transfer = ARITransferConfiguration()
        if let endpoint = values["ASTERISK_TRANSFER_ENDPOINT"] { transfer.endpointTemplate = endpoint }
        transfer.deviceTemplate = values["ASTERISK_TRANSFER_DEVICE"]
        logger.info("inbound transfers go through the dialplan", metadata: ["endpoint": "\(transfer.endpointTemplate)"])
        return AsteriskDialplanTransferDesk(client: client, configuration: transfer, logger: logger)
    }
}
