import ChatCore
import Foundation

/// Presence as the chats show it: the board's inputs, the agents' switches and the online thresholds
/// (`PresenceRule`) give each person's colour; a change goes to the person's open chats.
extension ChatService {
    /// A person's presence now (an agent who can no longer be read counts as unavailable).
    public func currentPresence(of person: Person) async -> Presence {
        switch person {
        case .agent(let id):
            let availability = (try? await agentContext(id).availability) ?? .unavailable
            return presence.presence(of: person, availability: availability, rule: presenceRule(forAgents: true), now: now())
        case .customer, .visitor:
            return presence.presence(of: person, availability: nil, rule: presenceRule(forAgents: false), now: now())
        }
    }

    /// Compares the presence of `people` (default: everyone with a recent heartbeat or shown as present)
    /// with what their chats last showed, and publishes the open chats of each whose presence changed.
    public func sweepPresence(only people: [Person]? = nil) async throws {
        let rule = presenceRule(forAgents: true)
        // a tab gone quiet is offline after two heartbeats and the grace; look a little further back
        let recent = now().addingTimeInterval(-(4 * rule.heartbeatInterval + rule.grace))
        let candidates = people ?? Array(Set(presence.people(heartbeatSince: recent) + presenceWatch.people))
        for person in candidates {
            guard presenceWatch.update(person, to: await currentPresence(of: person)) else { continue }
            for chat in try await store.openChats(of: person) { presenceWatch.changes.publish(chat.id) }
        }
    }
}
