import ChatCore
import ChatStore
import Crypto
import Foundation

/// Single sign-on with the ticket system's sessions: a person logged in there gets a ChatEngine session
/// bound to that session. A read-only check cannot refresh the ticket system's idle timer, so the bound
/// session's idleness is judged by chat activity; it ends when the ticket system's session row is gone
/// (logout there, or its own expiry) or SessionMaxTime after that session began.
extension Authenticator {
    /// Signs on with the ticket system's session ID from its cookie; nil (the login page) for a forged,
    /// expired or foreign ID, or when single sign-on is off.
    public func signOn(ticketSession id: String, asAgent: Bool, clientAddress: String) async throws -> Login? {
        guard service.settings.directory.singleSignOn else { return nil }
        guard case .accepted(let signed) = try await service.people.signOn(ticketSession: id, asAgent: asAgent,
            clientAddress: clientAddress, now: service.now())
        else { return nil }
        switch signed.person {
        case .agent(let agent):
            try await service.agentLoggedIn(agent)
            return try await startSession(.agent, userID: agent.rawValue, person: signed.person, boundTo: (id, signed.endsAt))
        case .customer(let customer):
            service.presence.input(signed.person, at: service.now())
            return try await startSession(.customer, userID: customer.rawValue, person: signed.person,
                boundTo: (id, signed.endsAt))
        case .visitor:
            return nil
        }
    }

    /// Whether the bound ticket-system session still stands, looked at once per `SessionCheckInterval`. When
    /// the ticket system cannot tell (its database is away), people already in chats keep chatting.
    func ticketSessionStands(_ bound: TicketSessionBinding, token: String, now: Date) async throws -> Bool {
        let interval = TimeInterval(service.settings.directory.sessionCheckInterval)
        guard now.timeIntervalSince1970 * 1000 >= Double(bound.checkedAt) + interval * 1000 else { return true }
        guard let id = Self.unseal(bound.sealedID, with: token) else { return false }
        switch await service.people.ticketSessionExists(id) {
        case false?:
            return false
        case true?:
            try await store.markTicketSessionChecked(tokenHash: Self.digest(token), at: now)
            return true
        case nil:
            return true
        }
    }

    /// The ticket system's session ID, sealed (AES-GCM) with a key derived from ChatEngine's own token,
    /// which only the browser holds (the store keeps the token's hash): ChatEngine's table alone gives
    /// nobody a usable ticket-system session.
    static func seal(_ id: String, with token: String) -> String {
        let sealed = try? AES.GCM.seal(Array(id.utf8), using: key(token))
        return sealed?.combined?.base64EncodedString() ?? ""
    }

    static func unseal(_ sealed: String, with token: String) -> String? {
        guard let data = Data(base64Encoded: sealed), let box = try? AES.GCM.SealedBox(combined: data),
            let plain = try? AES.GCM.open(box, using: key(token))
        else { return nil }
        return String(bytes: plain, encoding: .utf8)
    }

    private static func key(_ token: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: Array(token.utf8)),
            info: Array("chatengine ticket session".utf8), outputByteCount: 32)
    }
}
