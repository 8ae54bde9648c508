import Foundation
import Logging
import MiniBotDialer

/// Everything the dispatcher touches, injected so tests run it against an in-memory or
/// SQLite database with a fake placer and a fast clock.
public struct DispatchEnvironment: Sendable {
    public var contacts: any ContactRepository
    public var campaigns: any CampaignRepository
    public var calls: any CallRepository
    public var optOuts: any OptOutRepository
    public var complianceLog: any ComplianceLog
    public var placer: any CallPlacer
    /// "Now" for every rule and record; the real clock in production.
    public var now: @Sendable () -> Date
    /// How the loop waits between ticks; `Task.sleep` in production.
    public var sleep: @Sendable (Duration) async throws -> Void
    public var logger: Logger

    public init(contacts: any ContactRepository, campaigns: any CampaignRepository, calls: any CallRepository,
                optOuts: any OptOutRepository, complianceLog: any ComplianceLog, placer: any CallPlacer,
                now: @escaping @Sendable () -> Date = { Date() },
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                logger: Logger = Logger(label: "minibot.dispatch")) {
        self.contacts = contacts
        self.campaigns = campaigns
        self.calls = calls
        self.optOuts = optOuts
        self.complianceLog = complianceLog
        self.placer = placer
        self.now = now
        self.sleep = sleep
        self.logger = logger
    }
}
