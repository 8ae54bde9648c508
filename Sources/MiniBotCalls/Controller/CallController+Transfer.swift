import MiniBotDialogue

/// A transfer the line could not complete (agent busy, ringing out, unavailable): the call
/// goes on with the bot, which says so and ends as a CALLBACK instead of leaving the caller
/// in silence. The callback time the caller gave earlier (`callback_time`) books the call.
extension CallController {
    /// Said when nobody could take the caller.
    public static let transferUnavailablePhrase =
        "Je suis désolée, aucun conseiller n'est disponible pour le moment. Nous vous rappelons très vite. Au revoir."

    /// Reopens a call that ended on ``CallCommand/transfer(target:outcome:)``: queues the
    /// "nobody available" phrase and a hang-up with result `callback` once it has played.
    public mutating func transferFailed(target: String, reason: String) -> [CallCommand] {
        guard var callback = outcome else { return [.trace("transfer failure reported on a call that did not transfer")] }
        callback.result = .callback
        callback.label = nil
        callback.reason = "transfer to \(target) failed: \(reason); callback booked (\(callback.reason))"
        var out: [CallCommand] = [.trace(callback.reason)]
        phase = .ending(.hangup(callback))
        enqueue(.builtin("transfer_unavailable"), text: Self.transferUnavailablePhrase, audioFile: nil,
                voice: engine.scenario.metadata.voice, bargeIn: false, into: &out)
        return out
    }
}
