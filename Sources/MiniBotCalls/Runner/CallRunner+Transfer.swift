import MiniBotTelephony

extension CallRunner {
    /// Transfers through the session's own line, else through the configured desk; nil when
    /// neither can (the call then only records the target, as before live transfers existed).
    static func transfer(_ session: any CallSession, target: String, options: Options) async -> TransferResult? {
        let request = TransferRequest(target: target, ringTimeoutSeconds: options.transferRingTimeoutSeconds)
        if let line = session as? any TransferableCallSession { return await line.transfer(request) }
        if let desk = options.transferDesk { return await desk.transfer(callID: session.callID, request: request) }
        return nil
    }
}
