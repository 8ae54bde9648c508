import Foundation
import MiniBotDialogue
import MiniBotTelephony

extension CallRunner {
    /// Transfers through the session's own line, else through the configured desk; nil when
    /// neither can (the call then only records the target, as before live transfers existed).
    /// Outside the scenario's `agent_hours` nobody is rung.
    static func transfer(_ session: any CallSession, target: String, scenario: Scenario, options: Options,
                         now: Date = Date()) async -> TransferResult? {
        let line = session as? any TransferableCallSession
        guard line != nil || options.transferDesk != nil else { return nil }
        if let hours = scenario.agentHours, let zone = TimeZone(identifier: scenario.agentTimeZone) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let time = calendar.dateComponents([.hour, .minute], from: now)
            let minute = (time.hour ?? 0) * 60 + (time.minute ?? 0)
            if !hours.contains(minuteOfDay: minute) {
                return .unavailable("outside the agents' hours (\(scenario.metadataString("agent_hours") ?? ""), \(scenario.agentTimeZone))")
            }
        }
        let request = TransferRequest(target: target, ringTimeoutSeconds: options.transferRingTimeoutSeconds)
        if let line { return await line.transfer(request) }
        return await options.transferDesk?.transfer(callID: session.callID, request: request)
    }
}
