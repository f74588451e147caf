import ChatCore
import ChatStore
import Foundation

/// Failed logins limited per account and address and per address (`ChatEngine::Login::MaxFailuresPerHour`),
/// counted in the database, so a brute force spread over several nodes is stopped all the same. Per account
/// *and* address, so nobody elsewhere can lock the real user out.
extension Authenticator {
    /// Failures count for an hour.
    public static let loginFailureWindow: TimeInterval = 3600

    public enum LoginKind: String, Sendable {
        case agent, customer
    }

    public enum LoginOutcome: Sendable {
        case loggedIn(Login)
        /// A wrong login or password, an invalid or locked account (the caller does not learn which).
        case failed
        /// Too many failures from here; tried again no earlier than `until`.
        case lockedOut(until: Date)
    }

    /// A password login under the failure limit. The attempt counts as a failure before the (slow) password
    /// check, so parallel guesses cannot slip past the limit; a success, or a directory that cannot be reached
    /// (`DirectoryUnavailable`, rethrown: not the person's failure), takes it back.
    public func login(_ kind: LoginKind, user: String, password: String, clientAddress: String) async throws -> LoginOutcome {
        let now = service.now()
        let keys = ["account:\(kind.rawValue):\(user.lowercased())@\(clientAddress)", "ip:\(clientAddress)"]
        let attempt = UUID().uuidString
        if let full = try await store.reserveLoginAttempt(keys, attempt: attempt, limit: service.settings.loginMaxFailuresPerHour,
            window: Self.loginFailureWindow, now: now)
        {
            let until = try await store.loginFailuresRelease(full, window: Self.loginFailureWindow, now: now)
            return .lockedOut(until: until ?? now.addingTimeInterval(Self.loginFailureWindow))
        }
        let login: Login?
        do {
            login = switch kind {
            case .agent: try await loginAgent(user, password: password)
            case .customer: try await loginCustomer(user, password: password)
            }
        } catch {
            try await store.releaseLoginAttempt(attempt)
            throw error
        }
        guard let login else { return .failed }
        try await store.releaseLoginAttempt(attempt)
        return .loggedIn(login)
    }
}
