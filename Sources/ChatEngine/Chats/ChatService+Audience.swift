import ChatCore
import Foundation

/// Who is told what, for the live layer: it gathers the agents with an open tab, the engine reads their
/// permissions and asks `ChatAudience` (pure) who of them gets what.
extension ChatService {
    /// Of `online`, the agents whose request lists may have changed after these chats changed.
    public func requestListRecipients(after chats: [Chat], among online: Set<AgentID>) async throws -> Set<AgentID> {
        var groups: Set<String> = []
        var targets: Set<AgentID> = []
        for chat in chats {
            if chat.target == .channel { groups.insert(try await channel(chat.channel).group) }
            if case .agent(let agent) = chat.target { targets.insert(agent) }
        }
        return ChatAudience.requestListRecipients(groups: groups, targets: targets,
            candidates: try await permissions(of: online.subtracting(targets)))
    }

    /// A new general request's browser notification: its recipients among `online`, a title and a body.
    public func newRequestNotification(for chat: Chat, among online: Set<AgentID>) async throws
        -> (recipients: Set<AgentID>, title: String, body: String)?
    {
        guard chat.target == .channel, chat.state == .request else { return nil }
        let channel = try await channel(chat.channel)
        let recipients = ChatAudience.newRequestRecipients(of: chat, channelGroup: channel.group,
            notificationGroup: settings.permissionGroups.chatNotificationAgents, candidates: try await permissions(of: online))
        guard !recipients.isEmpty else { return nil }
        let requester = try await naming(for: chat).realNames[chat.requester] ?? "Someone"
        return (recipients, "New chat request", "\(requester) in \(channel.name)")
    }

    /// The personal browser notifications (`ChatAudience.personalNotices`) of events just committed, for
    /// those of `online` they are for; names as each recipient sees them.
    public func personalNotifications(for chat: Chat, events: [ChatEvent], among online: Set<Person>) async throws
        -> [(recipient: Person, title: String, body: String)]
    {
        let notices = ChatAudience.personalNotices(events).filter { online.contains($0.recipient) }
        guard !notices.isEmpty else { return [] }
        let naming = try await naming(for: chat)
        return notices.map { recipient, notice in
            switch notice {
            case .request(let from):
                let name = ChatView.name(of: from, in: chat, for: recipient, naming: naming)
                return (recipient, recipient.isAgent ? "New personal chat request" : "Chat request", "\(name) wants to chat with you")
            case .invitation(let by):
                let name = ChatView.name(of: by, in: chat, for: recipient, naming: naming)
                return (recipient, "Chat invitation", "\(name) invites you to chat \(chat.id.rawValue)")
            }
        }
    }

    /// Agents' permissions from the cache; agents that vanished or were invalidated are left out.
    private func permissions(of agents: Set<AgentID>) async throws -> [AgentID: AgentPermissions] {
        var result: [AgentID: AgentPermissions] = [:]
        for agent in agents {
            guard let context = try? await agentContext(agent) else { continue }
            result[agent] = context.permissions
        }
        return result
    }
}
