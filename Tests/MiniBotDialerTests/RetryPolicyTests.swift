import Foundation
import Testing
@testable import MiniBotDialer

@Suite("RetryPolicy and hang-up causes")
struct RetryPolicyTests {
    let end = at("2026-11-24T11:00:00+01:00")

    @Test("Delays by result: no answer 30 min, busy 5 min, failed configurable, answering machine 30 min")
    func delays() {
        let policy = RetryPolicy()
        #expect(policy.decide(result: .noAnswer, retriesSoFar: 0, endedAt: end) == .retry(at: at("2026-11-24T11:30:00+01:00")))
        #expect(policy.decide(result: .busy, retriesSoFar: 0, endedAt: end) == .retry(at: at("2026-11-24T11:05:00+01:00")))
        #expect(policy.decide(result: .failed, retriesSoFar: 1, endedAt: end) == .retry(at: at("2026-11-24T11:30:00+01:00")))
        #expect(policy.decide(result: .answeringMachine, retriesSoFar: 0, endedAt: end)
            == .retry(at: at("2026-11-24T11:30:00+01:00")))
        var custom = policy
        custom.failedDelay = 120
        #expect(custom.decide(result: .failed, retriesSoFar: 0, endedAt: end) == .retry(at: at("2026-11-24T11:02:00+01:00")))
        custom.retryAnsweringMachine = false
        #expect(custom.decide(result: .answeringMachine, retriesSoFar: 0, endedAt: end) == .final)
    }

    @Test("At most 2 retries by default, configurable")
    func maxRetries() {
        let policy = RetryPolicy()
        #expect(policy.decide(result: .noAnswer, retriesSoFar: 1, endedAt: end).dueAt != nil)
        #expect(policy.decide(result: .noAnswer, retriesSoFar: 2, endedAt: end) == .final)
        #expect(policy.decide(result: .busy, retriesSoFar: 2, endedAt: end) == .final)
        let five = RetryPolicy(maxRetries: 5)
        #expect(five.decide(result: .busy, retriesSoFar: 4, endedAt: end).dueAt != nil)
        #expect(RetryPolicy(maxRetries: 0).decide(result: .busy, retriesSoFar: 0, endedAt: end) == .final)
    }

    @Test("Never after not_interested, opt_out, invalid_number; lead final", arguments: [
        CallResult.notInterested, .optOut, .lead, .invalidNumber,
    ])
    func finals(result: CallResult) {
        #expect(RetryPolicy().decide(result: result, retriesSoFar: 0, endedAt: end) == .final)
    }

    @Test("Callback schedules at the spoken time when given, else final; not bounded by retries")
    func callback() {
        let spoken = at("2026-11-26T18:00:00+01:00")
        #expect(RetryPolicy().decide(result: .callback, retriesSoFar: 2, endedAt: end, callbackAt: spoken) == .callback(at: spoken))
        #expect(RetryPolicy().decide(result: .callback, retriesSoFar: 0, endedAt: end) == .final)
    }

    @Test("Retry policy JSON: defaults for missing keys")
    func codable() throws {
        let policy = try JSONDecoder().decode(RetryPolicy.self, from: Data(#"{"max_retries":3,"failed_delay_seconds":600}"#.utf8))
        #expect(policy == RetryPolicy(maxRetries: 3, failedDelay: 600))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(RetryPolicy.self, from: Data(#"{"max_retries":-1}"#.utf8))
        }
    }

    @Test("Q.850 causes map to results (SPEC A5)", arguments: [
        (16, false, CallResult?.some(.noAnswer)), (16, true, nil), (17, false, .busy), (17, true, .busy),
        (18, false, .noAnswer), (19, false, .noAnswer), (19, true, nil), (1, false, .invalidNumber), (1, true, .invalidNumber),
        (28, false, .invalidNumber), (22, false, .invalidNumber), (34, false, .failed), (38, false, .failed),
        (41, false, .failed), (42, false, .failed), (21, false, .busy), (127, false, .failed), (487, false, .noAnswer),
    ])
    func hangupCauses(code: Int, answered: Bool, expected: CallResult?) {
        #expect(Q850Cause(code: code).result(answered: answered) == expected)
    }

    @Test("FreeSWITCH cause names map to Q.850 codes")
    func freeSwitchNames() {
        #expect(Q850Cause(name: "USER_BUSY") == .userBusy)
        #expect(Q850Cause(name: "no_answer")?.code == 19)
        #expect(Q850Cause(name: "UNALLOCATED_NUMBER") == .unallocatedNumber)
        #expect(Q850Cause(name: "NORMAL_CIRCUIT_CONGESTION")?.code == 34)
        #expect(Q850Cause(name: "MADE_UP") == nil)
    }

    @Test("Result raw values are the SPEC F6 names, plus transferred (issue 17)")
    func rawValues() {
        #expect(CallResult.allCases.map(\.rawValue) == ["lead", "not_interested", "callback", "no_answer",
                                                        "answering_machine", "busy", "failed", "opt_out", "invalid_number",
                                                        "transferred"])
    }

    @Test func transferredIsFinal() {
        #expect(RetryPolicy(maxRetries: 3).decide(result: .transferred, retriesSoFar: 0, endedAt: Date()) == .final)
    }
}
