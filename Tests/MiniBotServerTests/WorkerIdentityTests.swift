import Foundation
import Testing
@testable import MiniBotServer

/// A restart under the same WORKER_ID must not hold (and renew) its dead predecessor's leases.
@Suite struct WorkerIdentityTests {
    @Test func everyStartGetsItsOwnNameEvenWithAConfiguredOne() throws {
        let first = WorkerIdentity.make(configured: "eu-west-a", role: "serve")
        let second = WorkerIdentity.make(configured: "eu-west-a", role: "serve")
        #expect(first != second)
        #expect(first.hasPrefix("eu-west-a-") && second.hasPrefix("eu-west-a-"))
        let unnamed = WorkerIdentity.make(configured: nil, role: "cli")
        #expect(unnamed.hasPrefix(ProcessInfo.processInfo.hostName + "-cli-"))
        #expect(WorkerIdentity.make(configured: "", role: "serve").contains("-serve-"))
    }

    @Test func badWorkerIDIsRefusedNamingTheVariable() throws {
        #expect(throws: ConfigurationError.self) { try ServiceConfiguration(values: ["WORKER_ID": "bad name;drop"]) }
        #expect(try ServiceConfiguration(values: ["WORKER_ID": "bot-1.lyon"]).workerID == "bot-1.lyon")
        #expect(try ServiceConfiguration(values: ["WORKER_ID": ""]).workerID == nil)
    }
}
