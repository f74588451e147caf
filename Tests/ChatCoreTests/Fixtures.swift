import Foundation

@testable import ChatCore

/// Small builders for the ChatCore tests.
enum Fixture {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let sales = ChatChannel(id: ChannelID(1), name: "Sales", group: "sales")
    static let support = ChatChannel(id: ChannelID(2), name: "Support", group: "support")
    static let customer = CustomerUserID(500)
    static let visitor = VisitorID("v-token")

    static func agent(_ id: Int64, level: ChatPermissionLevel?, onGroup group: String = "sales", ro: Bool = true,
        availability: ChatAvailability = .external) -> AgentContext
    {
        var groups: [String: Set<GroupPermission>] = [:]
        if ro { groups["users"] = [.ro] }
        if let level {
            let key: GroupPermission = switch level {
            case .observer: .chatObserver
            case .participant: .chatParticipant
            case .owner: .chatOwner
            }
            groups[group, default: []].insert(key)
        }
        return AgentContext(id: AgentID(id), permissions: AgentPermissions(groups), availability: availability)
    }

    /// Builds a chat by running `kinds` through the log the way the store does: seq 1, 2, ... with actors.
    static func chat(_ steps: [(Person, ChatEventKind)], id: Int64 = 7) -> (Chat, [ChatEvent]) {
        var events: [ChatEvent] = []
        var chat: Chat?
        for (index, step) in steps.enumerated() {
            let event = ChatEvent(chat: ChatID(id), seq: Int64(index + 1), at: t0.addingTimeInterval(Double(index)),
                actor: step.0, kind: step.1)
            events.append(event)
            chat = chat.map { $0.applying(event) } ?? Chat.started(by: event)
        }
        return (chat!, events)
    }

    /// Applies rule output to a chat as the store would, returning the new chat and its events.
    static func record(_ kinds: [ChatEventKind], by actor: Person, on chat: Chat) -> (Chat, [ChatEvent]) {
        var chat = chat
        var events: [ChatEvent] = []
        for kind in kinds {
            let event = ChatEvent(chat: chat.id, seq: chat.lastSeq + 1, at: t0.addingTimeInterval(Double(chat.lastSeq + 1)),
                actor: actor, kind: kind)
            events.append(event)
            chat = chat.applying(event)
        }
        return (chat, events)
    }

    static func customerRequest(in channel: ChatChannel = sales) -> Chat {
        chat([(.customer(customer), .created(channel: channel.id, target: .channel))]).0
    }
}
