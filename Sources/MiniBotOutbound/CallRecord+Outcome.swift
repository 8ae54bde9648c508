import Foundation
import MiniBotCalls
import MiniBotDialer
import MiniBotDispatch
import MiniBotLanguage

/// What every placer does around the call engine, whatever the line (simulated or a real PBX),
/// kept in one place so a dry run and a live campaign fill records the same way.
enum PlacedCallOutcome {
    /// The scenario's template variables for a contact (`first_name`, `company`, …) plus its own columns.
    /// ```swift
    /// PlacedCallOutcome.variables(of: contact)["first_name"]   // "Jean"
    /// ```
    static func variables(of contact: Contact) -> [String: String] {
        var values = contact.variables
        values["first_name"] = contact.firstName
        values["last_name"] = contact.lastName
        values["company"] = contact.company
        values["email"] = contact.email
        values["phone"] = contact.phone.e164
        return values
    }

    /// The instant a CALLBACK contact asked for ("rappelez-moi demain à 14 h"), resolved in `timeZone`.
    static func callbackTime(for record: CallRecord, report: CallReport, now: Date, timeZone: TimeZone) -> Date? {
        guard record.result == .callback, let time = report.callbackTime else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return time.resolve(relativeTo: now, calendar: calendar)
    }

    /// The placed call after a conversation: record, callback time and opt-out.
    static func placed(_ record: CallRecord, report: CallReport, now: Date, timeZone: TimeZone) -> PlacedCall {
        PlacedCall(record: record, callbackAt: callbackTime(for: record, report: report, now: now, timeZone: timeZone),
                   optedOut: report.optedOut)
    }
}

extension CallRecord {
    /// A call that never connected: the result the Q.850 cause implies (17 busy, 19 no answer,
    /// 1 invalid number, anything else failed), no duration.
    mutating func applyUnanswered(cause: Int, note: String, endedAt: Date) {
        let outcome = Q850Cause(code: cause).result(answered: false) ?? .failed
        result = outcome
        status = outcome == .failed ? .failed : .completed
        hangupCause = cause
        self.endedAt = endedAt
        durationSeconds = 0
        notes = note
    }
}
