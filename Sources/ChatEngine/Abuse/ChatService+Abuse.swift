import ChatCore
import ChatStore
import Foundation
import SysConfig

/// Abuse protection of new chat requests, all in the database (every node counts and blocks alike):
/// `ChatEngine::PublicInterface::BlockedIPRanges`, agents' blocks of visitors, and the hourly limits per
/// address (`MaxRequestsPerHourPerIP`) and per visitor (`MaxRequestsPerHourPerVisitor`); a customer user's
/// requests count under their own name with the per-address figure, as before. Each refusal concerns the
/// requester's own address or token only.
extension ChatService {
    /// Counts go back an hour.
    public static let requestCountWindow: TimeInterval = 3600

    /// Checks a new chat request from `requester` (nil: a visitor without a token yet) at `clientAddress`
    /// and counts it; throws `ChatRequestRefusal` when it must not be made.
    public func admitChatRequest(by requester: Person?, clientAddress: String) async throws {
        let settings = settings
        let now = now()
        var keys: [RequestCountKey] = []
        switch requester {
        case .customer(let customer)?:
            keys.append(RequestCountKey("customer:\(customer.rawValue)", limit: settings.publicMaxRequestsPerHourPerIP))
        case .agent?:
            return
        case .visitor, nil:
            let visitor = requester.flatMap { if case .visitor(let id) = $0 { id } else { nil } }
            let limits = ChatRequestLimits(perAddressPerHour: settings.publicMaxRequestsPerHourPerIP,
                perRequesterPerHour: settings.abuse.maxRequestsPerHourPerVisitor, blockedRanges: settings.abuse.blockedIPRanges)
            let blockedUntil = try await store.visitorBlockedUntil(visitor: visitor, address: clientAddress, now: now)
            if let refusal = limits.refusal(address: clientAddress, blockedUntil: blockedUntil, now: now) { throw refusal }
            keys.append(RequestCountKey("ip:\(clientAddress)", limit: limits.perAddressPerHour))
            if let visitor { keys.append(RequestCountKey("visitor:\(visitor.rawValue)", limit: limits.perRequesterPerHour)) }
        }
        guard let full = try await store.countRequest(keys, window: Self.requestCountWindow, now: now) else { return }
        throw full.key.hasPrefix("ip:") ? ChatRequestRefusal.tooManyFromAddress : ChatRequestRefusal.tooManyFromRequester
    }

    /// "Block this visitor": the chat's owner or a participant refuses the visitor's new chats, by their token
    /// and by the address of their first request, for `ChatEngine::PublicInterface::BlockDuration` seconds;
    /// an open chat closes. A repeated block (same command ID) records nothing twice.
    public func blockVisitor(in chatID: ChatID, by agent: AgentID, commandID: String?) async throws -> AppendResult {
        let person = Person.agent(agent)
        let current = try await chat(chatID)
        let (visitor, kinds) = try ChatRules.blockVisitor(current, by: try await actor(for: person))
        // blocked before the chat closes, so the visitor cannot slip a new request in between
        let now = now()
        let address = try await store.visitorAddress(visitor)
        try await store.addVisitorBlock(VisitorBlock(visitor: visitor, address: address, chat: chatID, blockedBy: agent,
            createdAt: now, expiresAt: now.addingTimeInterval(TimeInterval(settings.abuse.blockDurationSeconds))))
        guard !kinds.isEmpty else { return AppendResult(chat: current, events: [], duplicateOf: nil) }
        return try await perform(chatID, by: person, commandID: commandID) { chat, actor in
            try ChatRules.blockVisitor(chat, by: actor).1
        }
    }

    /// Request counts and failed logins out of their windows, and blocks that ended: run by the scheduler with
    /// retention.
    @discardableResult
    public func deleteExpiredAbuseRecords() async throws -> Int {
        let now = now()
        return try await store.deleteExpiredAbuseRecords(countsBefore: now.addingTimeInterval(-Self.requestCountWindow),
            blocksBefore: now)
            + store.deleteExpiredLoginFailures(before: now.addingTimeInterval(-Authenticator.loginFailureWindow))
    }
}
