import ChatCore
import ChatStore
import Foundation

/// A public visitor's first request: the visitor and their chat are recorded together, so a refused
/// request (chat inactive, direction off, channel unstaffed, message too long) leaves nobody behind.
extension ChatService {
    public struct NewVisitorRequest: Sendable {
        public let result: AppendResult
        public let visitor: VisitorID
        /// The token the page keeps (not a cookie, so the page also works in a frame on another site).
        public let token: String
    }

    /// How long a lost answer to a first request may be asked for again with the same command ID.
    static let firstRequestResendWindow: TimeInterval = 600
    /// A first request's command ID is the only thing that ties a resend to its sender (who has no token
    /// yet), so only an unguessable one (the pages send random UUIDs) may fetch the visitor again.
    static let minimumResendKeyLength = 16

    public func requestChatAsNewVisitor(name: String, channel channelID: ChannelID?, firstMessage: String?,
        commandID: String?, clientAddress: String) async throws -> NewVisitorRequest
    {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.unicodeScalars.count <= 100 else {
            throw ChatError.invalidTarget("a name of 1 to 100 characters is needed")
        }
        if let commandID, commandID.count >= Self.minimumResendKeyLength,
            let resend = try await resentFirstRequest(commandID: commandID, clientAddress: clientAddress)
        {
            return resend
        }
        let visitor = VisitorID(Authenticator.randomToken(bytes: 12))
        let token = Authenticator.randomToken()
        let channel = try await requestedChannel(channelID, by: .visitor)
        let kinds = try ChatRules.create(target: .channel, in: channel, channelStaffed: try await isStaffed(channel),
            by: .visitor(visitor), firstMessage: firstMessage, policy: policy)
        let newVisitor = NewVisitor(id: visitor, tokenHash: Authenticator.digest(token), name: name, firstCommandID: commandID,
            clientAddress: clientAddress)
        let result = record(try await store.createChat(actor: .visitor(visitor), kinds: kinds, commandID: commandID, now: now(),
            newVisitor: newVisitor))
        return NewVisitorRequest(result: result, visitor: visitor, token: token)
    }

    /// A first request sent again (its answer got lost): the same visitor and chat, with a fresh token
    /// (only the hash of the first one was kept). Found in the database, so any node answers it alike.
    private func resentFirstRequest(commandID: String, clientAddress: String) async throws -> NewVisitorRequest? {
        let since = now().addingTimeInterval(-Self.firstRequestResendWindow)
        guard let (visitor, chatID) = try await store.visitorByFirstRequest(commandID: commandID, clientAddress: clientAddress,
            since: since)
        else { return nil }
        let token = Authenticator.randomToken()
        try await store.replaceVisitorToken(visitor, tokenHash: Authenticator.digest(token))
        let chat = try await chat(chatID)
        return NewVisitorRequest(result: AppendResult(chat: chat, events: [], duplicateOf: 1), visitor: visitor, token: token)
    }
}
