import Foundation
import MiniBotDialer
import MiniBotDispatch
import Synchronization

/// `POST /calls/launch`: a one-call campaign (test mode), stored, journaled and checked against
/// every legal rule like any campaign; the request waits until the call is dialling (or refused).
extension CampaignDialingService {
    /// Returns the call UUID once dialling starts.
    public func launchCall(phone: String, scenario: String, variables: [String: String]) async throws -> String {
        let number = try PhoneNumber(parsing: phone)
        _ = try scenarios(scenario)
        let contact = Contact(phone: number, firstName: variables["first_name"] ?? "", lastName: variables["last_name"] ?? "",
                              company: variables["company"] ?? "", email: variables["email"] ?? "", variables: variables,
                              legalBasis: try Self.legalBasis(in: variables))
        _ = try await database.contacts.save([contact])
        var settings = CampaignSettings(maxConcurrentCalls: 1, delayBetweenCalls: 0)
        settings.testMode = true
        let created = try await database.campaigns.create(
            Campaign(id: 0, name: "test call \(number.e164)", scenario: scenario, settings: settings, retry: RetryPolicy(maxRetries: 0)))
        _ = try await database.campaigns.enqueue(campaignID: created.id, phones: [number], priority: 0, at: Date())
        return try await withCheckedThrowingContinuation { continuation in
            guard testCalls.register(created.id, continuation) else { return continuation.resume(throwing: ServiceError.shuttingDown) }
            Task { [self] in
                do { try await launch(campaignID: created.id) } catch { testCalls.resume(created.id, with: .failure(error)) }
            }
        }
    }

    /// `legal_basis=contract`, or `legal_basis=consent` with `consent_date=YYYY-MM-DD`; nil keeps what
    /// the contact already has on file (and the dialler refuses the call when that is nothing).
    static func legalBasis(in variables: [String: String]) throws -> LegalBasis? {
        guard let kind = variables["legal_basis"] else { return nil }
        switch LegalBasis.parse(kind: kind, consentDate: variables["consent_date"] ?? "", source: variables["consent_source"] ?? "") {
        case .failure(let problem):
            throw LaunchError.invalid(field: "variables.\(problem.field)", reason: problem.reason)
        case .success(let basis?) where basis.kind == .consent && basis.consentDate == nil:
            throw LaunchError.invalid(field: "variables.consent_date", reason: "a consent needs its date (YYYY-MM-DD)")
        case .success(let basis):
            return basis
        }
    }

    /// A test call's campaign event: dialling answers the request with the call UUID, a refusal with the rule.
    func answerTestCall(_ event: CampaignDispatcher.Event, campaignID: Int64) {
        switch event {
        case .dialling(_, let callUUID): testCalls.resume(campaignID, with: .success(callUUID))
        case .refused(let phone, let rule, _): testCalls.resume(campaignID, with: .failure(ServiceError.refused(phone: phone, rule: rule)))
        case .finished, .idle: break
        }
    }
}

/// The `POST /calls/launch` requests waiting for their call to start, by campaign; closed (every
/// waiter told) when the service shuts down.
final class TestCallWaiters: Sendable {
    private struct State {
        var waiters: [Int64: CheckedContinuation<String, any Error>] = [:]
        var closed = false
    }

    private let state = Mutex(State())

    /// False once closed: the caller answers the request itself.
    func register(_ campaignID: Int64, _ continuation: CheckedContinuation<String, any Error>) -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            state.waiters[campaignID] = continuation
            return true
        }
    }

    func resume(_ campaignID: Int64, with result: Result<String, any Error>) {
        state.withLock { $0.waiters.removeValue(forKey: campaignID) }?.resume(with: result)
    }

    /// Refuses further requests and fails the waiting ones with `error`.
    func close(with error: any Error) {
        let waiters = state.withLock { state in
            state.closed = true
            defer { state.waiters = [:] }
            return state.waiters
        }
        for waiter in waiters.values { waiter.resume(throwing: error) }
    }
}
