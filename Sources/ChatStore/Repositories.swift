import ChatCore
import Foundation

/// Agents, groups, roles, permissions and customer users (OTRS's user model, ChatEngine's own copy).
public protocol DirectoryRepository: Sendable {
    func addGroup(_ name: String) async throws -> GroupRecord
    func groups() async throws -> [GroupRecord]
    func addAgent(_ agent: NewAgent) async throws -> AgentRecord
    func agent(login: String) async throws -> AgentRecord?
    func agent(id: AgentID) async throws -> AgentRecord?
    func agents() async throws -> [AgentRecord]
    /// Sets an agent's password hash and ends all their sessions.
    func setPassword(agentLogin: String, hash: String) async throws
    func link(agent: AgentID, group: String, permission: GroupPermission) async throws
    func addRole(_ name: String) async throws -> RoleRecord
    func link(role: String, group: String, permission: GroupPermission) async throws
    func link(agent: AgentID, role: String) async throws
    /// Direct and role permissions together, per group name.
    func permissions(of agent: AgentID) async throws -> AgentPermissions
    /// Moves on with every change to agents, roles, groups or channels (see `Migrations`).
    func directoryVersion() async throws -> Int64
    func addCustomerCompany(id: String, name: String) async throws
    func addCustomerUser(_ user: NewCustomerUser) async throws -> CustomerUserRecord
    func customerUser(login: String) async throws -> CustomerUserRecord?
    func customerUser(id: CustomerUserID) async throws -> CustomerUserRecord?
    func addVisitor(id: VisitorID, tokenHash: String, name: String, now: Date) async throws
    /// The visitor (and chat) a first request with this command ID from this address made since `since`:
    /// a resend of a first request whose answer got lost.
    func visitorByFirstRequest(commandID: String, clientAddress: String, since: Date) async throws
        -> (visitor: VisitorID, chat: ChatID)?
    /// Gives a visitor a new token (the old one stops working).
    func replaceVisitorToken(_ visitor: VisitorID, tokenHash: String) async throws
    func visitor(tokenHash: String) async throws -> VisitorRecord?
    func visitor(id: VisitorID) async throws -> VisitorRecord?
    /// Beside a ticket system: makes agents, groups, roles and their links a copy of `snapshot` (see
    /// `SQLStore+DirectoryMirror`); the sessions of agents who lost their access end in the same transaction.
    func applyDirectorySnapshot(_ snapshot: DirectorySnapshot) async throws -> DirectoryMirrorResult
    func agent(directoryKey: String) async throws -> AgentRecord?
    /// Beside a ticket system: copies a customer user (and their company) as they log in.
    func mirrorCustomerUser(_ user: MirroredCustomerUser) async throws -> CustomerUserRecord
}

/// Chat channels and each agent's choice of them, and the agent's availability switch.
public protocol ChannelRepository: Sendable {
    func addChannel(name: String, group: String, comment: String) async throws -> ChatChannel
    func channels() async throws -> [ChatChannel]
    func channel(id: ChannelID) async throws -> ChatChannel?
    func channel(named: String) async throws -> ChatChannel?
    func updateChannel(_ channel: ChatChannel) async throws
    /// Deletes a channel that has no chats; refuses otherwise.
    func deleteChannel(id: ChannelID) async throws
    func chatCount(inChannel: ChannelID) async throws -> Int
    func setAvailability(_ availability: ChatAvailability, for agent: AgentID) async throws
    func setChannels(external: Set<ChannelID>, internal: Set<ChannelID>, for agent: AgentID) async throws
    func channels(of agent: AgentID) async throws -> (external: Set<ChannelID>, internal: Set<ChannelID>)
    /// Agents switched to external who chose `channel` for external chats: the candidates for staffing it.
    func externalAgents(choosing channel: ChannelID) async throws -> [AgentID]
}

/// Server-side sessions: they live in the store, so a restart logs nobody out.
public protocol SessionRepository: Sendable {
    func createSession(tokenHash: String, kind: SessionRecord.UserKind, userID: Int64, challenge: String,
        now: Date, expiresAt: Date, ticketSession: TicketSessionBinding?) async throws
    /// Notes that the bound ticket-system session was found still there.
    func markTicketSessionChecked(tokenHash: String, at: Date) async throws
    func session(tokenHash: String, now: Date) async throws -> SessionRecord?
    func touchSession(tokenHash: String, now: Date, expiresAt: Date) async throws
    func deleteSession(tokenHash: String) async throws
}

extension SessionRepository {
    /// A session made by a password login (bound to nothing).
    public func createSession(tokenHash: String, kind: SessionRecord.UserKind, userID: Int64, challenge: String,
        now: Date, expiresAt: Date) async throws
    {
        try await createSession(tokenHash: tokenHash, kind: kind, userID: userID, challenge: challenge, now: now,
            expiresAt: expiresAt, ticketSession: nil)
    }
}

/// Chats as append-only event logs plus the state derived from them.
public protocol ChatRepository: Sendable {
    /// Records a new chat from its first events (the first is `.created`); with `newVisitor`, the visitor who
    /// asks is recorded in the same transaction (a refused request leaves nobody behind). A customer user or
    /// visitor has at most one waiting general request: a second one throws `ChatError.requestAlreadyWaiting`.
    func createChat(actor: Person, kinds: [ChatEventKind], commandID: String?, now: Date, newVisitor: NewVisitor?)
        async throws -> AppendResult
    /// Appends events to a chat whose log still ends at `expectedLastSeq` (else `StoreError.conflict`).
    func append(to chat: Chat, actor: Person, kinds: [ChatEventKind], commandID: String?, now: Date) async throws
        -> AppendResult
    func chat(id: ChatID) async throws -> Chat?
    /// The sequence number a command was recorded at, if it was.
    /// Command IDs are the sender's own: another person's command with the same ID is another command.
    func commandSeq(chat: ChatID, commandID: String, sender: Person) async throws -> Int64?
    /// The events after `seq`, oldest first, at most `limit`.
    func events(of chat: ChatID, after seq: Int64, limit: Int) async throws -> [ChatEvent]
    func chats(in state: ChatState) async throws -> [Chat]
    /// Chats `person` is in (active or invited) that are not closed, oldest first.
    func openChats(of person: Person) async throws -> [Chat]
    /// Closed chats `person` took part in, newest first; `search` matches message text or the requester's name.
    func closedChats(of person: Person, search: String?, limit: Int) async throws -> [Chat]
    /// Deletes closed chats closed before `closedBefore` and unclosed chats created before
    /// `unclosedBefore`, except those linked to a ticket. Returns how many.
    func deleteExpiredChats(closedBefore: Date, unclosedBefore: Date) async throws -> Int
}

extension ChatRepository {
    public func createChat(actor: Person, kinds: [ChatEventKind], commandID: String?, now: Date) async throws -> AppendResult {
        try await createChat(actor: actor, kinds: kinds, commandID: commandID, now: now, newVisitor: nil)
    }
}

/// Each agent's screen preferences (request filter, chat order) and the general requests they declined,
/// kept as OTRS keeps user preferences: in the database, for every node and across restarts.
public protocol PreferenceRepository: Sendable {
    func preferences(of agent: AgentID) async throws -> AgentPreferences
    func setPreference(_ name: AgentPreferences.Name, value: String, for agent: AgentID) async throws
    /// Hides a general request from this agent's lists (others may still accept it).
    func dismissRequest(_ chat: ChatID, for agent: AgentID) async throws
}

public typealias ChatStoreProtocol = DirectoryRepository & AdministrationRepository & ChannelRepository & SessionRepository & ChatRepository
    & PreferenceRepository & OutboxRepository & TicketRepository & AbuseRepository & MailRepository & CustomerPreferenceRepository
