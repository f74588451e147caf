import ChatCore
import ChatEngine
import Foundation
import Synchronization

/// Fans the event bus out to the open tabs (WebSocket connections and waiting long polls). It only says
/// *which* chat changed; each listener reads the events after what it last sent, so a missed or
/// repeated signal can never lose or double anything.
final class LiveHub: Sendable {
    enum Signal: Sendable {
        /// Something was appended to this chat (as it stands after the append), with the new events when known.
        case chat(Chat, events: [ChatEvent])
        /// Agents' request lists changed.
        case requestsChanged
        case typing(ChatID, from: Person)
        case notification(title: String, body: String, chat: ChatID)
    }

    /// Delivers a signal; false when the listener's queue is full (it is then dropped and resumes).
    typealias Deliver = @Sendable (Signal) -> Bool

    private struct Listener {
        let person: Person
        let deliver: Deliver
        let overflow: @Sendable () -> Void
    }

    private struct State {
        var listeners: [UInt64: Listener] = [:]
        var byPerson: [Person: Set<UInt64>] = [:]
        var nextID: UInt64 = 1
        var knownStates: [ChatID: ChatState] = [:]
        var notified: Set<ChatID> = []
        var requestsBroadcastPending = false
        /// Whose request lists changed since the last broadcast: agents who may work in these groups' channels,
        /// and the targets of personal requests.
        var pendingGroups: Set<String> = []
        var pendingAgents: Set<AgentID> = []
        var lastTyping: [TypingKey: ContinuousClock.Instant] = [:]
    }

    private struct TypingKey: Hashable {
        let chat: ChatID
        let person: Person
    }

    private let state = Mutex(State())
    let service: ChatService

    init(service: ChatService) {
        self.service = service
    }

    func listen(_ person: Person, deliver: @escaping Deliver, overflow: @escaping @Sendable () -> Void) -> UInt64 {
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.listeners[id] = Listener(person: person, deliver: deliver, overflow: overflow)
            state.byPerson[person, default: []].insert(id)
            return id
        }
    }

    func stop(_ id: UInt64) {
        state.withLock { state in
            guard let listener = state.listeners.removeValue(forKey: id) else { return }
            state.byPerson[listener.person]?.remove(id)
            if state.byPerson[listener.person]?.isEmpty == true { state.byPerson[listener.person] = nil }
        }
    }

    var listenerCount: Int { state.withLock { $0.listeners.count } }

    /// Sends to every listener of the given people; listeners whose queue is full are told to go.
    func send(_ signal: Signal, to people: some Sequence<Person>) {
        let targets = state.withLock { state in
            people.flatMap { person in (state.byPerson[person] ?? []).compactMap { state.listeners[$0] } }
        }
        for listener in targets where !listener.deliver(signal) { listener.overflow() }
    }

    func sendToAgents(_ signal: Signal, where include: (AgentID) -> Bool = { _ in true }) {
        let targets = state.withLock { state in
            state.listeners.values.filter { listener in listener.person.agentID.map(include) ?? false }
        }
        for listener in targets where !listener.deliver(signal) { listener.overflow() }
    }

    /// Typing is ephemeral: straight to the others in the chat, never stored.
    /// Observers' typing reaches agents only; each person's signal goes out at most once a second per chat.
    func typing(in chatID: ChatID, by person: Person) async {
        let now = ContinuousClock.now
        let allowed = state.withLock { state in
            let key = TypingKey(chat: chatID, person: person)
            if let last = state.lastTyping[key], now - last < .seconds(1) { return false }
            if state.lastTyping.count > 50_000 { state.lastTyping.removeAll() }
            state.lastTyping[key] = now
            return true
        }
        guard allowed, let chat = try? await service.chat(chatID), let me = chat.activeParticipant(person) else { return }
        let others = chat.participants.filter { other in
            other.state == .active && other.person != person && (me.role != .observer || other.person.isAgent)
        }
        send(.typing(chatID, from: person), to: Set(others.map(\.person)))
    }

    func run() async {
        for await notice in service.bus.subscribe(bufferingNewest: 65_536) {
            await route(notice)
        }
    }

    private func route(_ notice: ChatNotice) async {
        guard let chat = try? await service.chat(notice.chat, atLeast: notice.seq) else { return }
        let people = Set(chat.participants.map(\.person) + [chat.requester])
        send(.chat(chat, events: notice.events), to: people)
        let (previous, firstNotice) = state.withLock { state in
            let previous = state.knownStates.updateValue(chat.state, forKey: chat.id)
            if chat.state == .closed {
                state.knownStates[chat.id] = nil
                state.notified.remove(chat.id)
            }
            if state.knownStates.count > 200_000 { state.knownStates.removeAll() }
            if state.notified.count > 200_000 { state.notified.removeAll() }
            let first = chat.state == .request && state.notified.insert(chat.id).inserted
            return (previous, first)
        }
        if chat.state == .request || previous == .request || previous == nil || previous != chat.state {
            await scheduleRequestsBroadcast(for: chat)
        }
        if firstNotice, chat.target == .channel, service.now().timeIntervalSince(chat.createdAt) < 120 {
            await notifyNewRequest(chat)
        }
    }

    /// Request lists change in bursts (a request, its first message, its acceptance): agents are told
    /// once per 200 ms at most.
    private func scheduleRequestsBroadcast(for chat: Chat) async {
        let group = chat.target == .channel ? try? await service.channel(chat.channel).group : nil
        let schedule = state.withLock { state in
            if let group { state.pendingGroups.insert(group) }
            if case .agent(let agent) = chat.target { state.pendingAgents.insert(agent) }
            if state.requestsBroadcastPending { return false }
            state.requestsBroadcastPending = true
            return true
        }
        guard schedule else { return }
        Task {
            try? await Task.sleep(for: .milliseconds(200))
            let (groups, targets, agents) = state.withLock { state in
                defer {
                    state.pendingGroups = []
                    state.pendingAgents = []
                    state.requestsBroadcastPending = false
                }
                return (state.pendingGroups, state.pendingAgents, Set(state.listeners.values.compactMap(\.person.agentID)))
            }
            var recipients = targets
            for agent in agents where !recipients.contains(agent) {
                guard let context = try? await service.agentContext(agent) else { continue }
                if groups.contains(where: { context.permissions.chatLevel(onGroup: $0) != nil }) { recipients.insert(agent) }
            }
            sendToAgents(.requestsChanged) { recipients.contains($0) }
        }
    }

    /// A browser notification for the agents in `ChatNotificationAgents` who may accept in the channel.
    private func notifyNewRequest(_ chat: Chat) async {
        guard let channel = try? await service.channel(chat.channel),
            let naming = try? await service.naming(for: chat)
        else { return }
        let notificationGroup = service.settings.permissionGroups.chatNotificationAgents
        let agents = state.withLock { Set($0.listeners.values.compactMap(\.person.agentID)) }
        var recipients: Set<AgentID> = []
        for agent in agents {
            guard let context = try? await service.agentContext(agent),
                context.permissions.chatLevel(onGroup: channel.group) == .owner,
                context.permissions.canRead(group: notificationGroup)
            else { continue }
            recipients.insert(agent)
        }
        let requester = naming.realNames[chat.requester] ?? "Someone"
        sendToAgents(.notification(title: "New chat request", body: "\(requester) in \(channel.name)", chat: chat.id)) {
            recipients.contains($0)
        }
    }
}
