import MiniBotTelephony
import Testing

@Suite("Dial outcomes from Q.850 causes")
struct DialOutcomeTests {
    @Test(arguments: [
        (17, "busy"), (19, "noAnswer"), (18, "noAnswer"), (487, "noAnswer"), (1, "invalidNumber"), (28, "invalidNumber"),
        (34, "congestion"), (38, "congestion"), (41, "congestion"), (21, "rejected"), (127, "failed"), (0, "failed"),
    ])
    func classification(code: Int, expected: String) {
        let outcome = DialOutcome(unansweredCause: Q850Cause(code: code))
        let kind: String = switch outcome {
        case .answered: "answered"
        case .busy: "busy"
        case .noAnswer: "noAnswer"
        case .invalidNumber: "invalidNumber"
        case .congestion: "congestion"
        case .rejected: "rejected"
        case .failed: "failed"
        }
        #expect(kind == expected)
        #expect(outcome.cause?.code == code)
    }

    @Test func namesBothWays() {
        #expect(Q850Cause(name: "user_busy") == Q850Cause(code: 17, name: "USER_BUSY"))
        #expect(Q850Cause(code: 19).name == "NO_ANSWER")
        #expect(Q850Cause(name: "NOT_A_CAUSE") == nil)
        #expect(PBXMachineDetection(status: "MACHINE", cause: "LONGGREETING-2000-1500")?.verdict == .machine)
        #expect(PBXMachineDetection(status: "notsure")?.verdict == .notSure)
        #expect(PBXMachineDetection(status: "maybe") == nil)
    }
}
