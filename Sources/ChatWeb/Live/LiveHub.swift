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
        /// A participant's presence changed: the chat's summary (as it stands) is to be sent again.
        case summary(Chat)
        /// Agents' request lists changed.
        case requestsChanged
        case typing(ChatID, from: Person)
        case notification(title: String, body: String, chat: ChatID)
        /// The server is shutting down: sockets close with 1012 (the pages reconnect), long polls return.
        case shutdown
        /// The listener's session ended (logout): its socket refuses further commands and closes with 4401.
        case sessionEnded
    }

    /// Delivers a signal; false when the listener's queue is full (it is then dropped and resumes).
    typealias Deliver = @Sendable (Signal) -> Bool

    private struct Listener {
        let person: Person
        /// The session or visitor token the listener was opened with.
        let session: String?
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
        /// The chats whose requests changed since the last broadcast (their channels and targets say whose lists).
        var pendingChats: [ChatID: Chat] = [:]
        var lastTyping: [TypingKey: ContinuousClock.Instant] = [:]
    }

    private struct TypingKey: Hashable {
        let chat: ChatID
        let person: Person
    }

    private let state = Mutex(State())
    let engine: Engine
    var service: ChatService { engine.chats }

    init(engine: Engine) {
        self.engine = engine
    }

    func listen(_ person: Person, session: String? = nil, deliver: @escaping Deliver, overflow: @escaping @Sendable () -> Void)
        -> UInt64
    {
        listen(person, session: session, atMost: nil, deliver: deliver, overflow: overflow)!
    }

    /// A listener, unless `session` already has `atMost` of them (nil: no limit); checked and added at once.
    func listen(_ person: Person, session: String?, atMost: Int?, deliver: @escaping Deliver,
        overflow: @escaping @Sendable () -> Void) -> UInt64?
    {
        state.withLock { state in
            if let atMost, let session, state.listeners.values.count(where: { $0.session == session }) >= atMost { return nil }
            let id = state.nextID
            state.nextID += 1
            state.listeners[id] = Listener(person: person, session: session, deliver: deliver, overflow: overflow)
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

    /// Typing is ephemeral: straight to those `ChatAudience.typingRecipients` names, never stored; each
    /// person's signal goes out at most once a second per chat.
    func typing(in chatID: ChatID, by person: Person, internal isInternal: Bool) async {
        let now = ContinuousClock.now
        let allowed = state.withLock { state in
            let key = TypingKey(chat: chatID, person: person)
            if let last = state.lastTyping[key], now - last < .seconds(1) { return false }
            if state.lastTyping.count > 50_000 { state.lastTyping.removeAll() }
            state.lastTyping[key] = now
            return true
        }
        guard allowed, let chat = try? await service.chat(chatID) else { return }
        send(.typing(chatID, from: person), to: ChatAudience.typingRecipients(in: chat, from: person, internal: isInternal))
    }

    func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await notice in self.service.bus.subscribe(bufferingNewest: 65_536) { await self.route(notice) }
            }
            group.addTask {
                for await id in self.service.presenceWatch.changes.subscribe() {
                    guard let chat = try? await self.service.chat(id) else { continue }
                    self.send(.summary(chat), to: Self.people(of: chat))
                }
            }
        }
    }

    private func route(_ notice: ChatNotice) async {
        guard let chat = try? await service.chat(notice.chat, atLeast: notice.seq) else { return }
        send(.chat(chat, events: notice.events), to: Self.people(of: chat))
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
        await notifyPersonally(chat, events: notice.events)
    }

    /// Personal requests and invitations notify the person asked, if they have a tab open on this node.
    private func notifyPersonally(_ chat: Chat, events: [ChatEvent]) async {
        let online = state.withLock { Set($0.listeners.values.map(\.person)) }
        guard let notifications = try? await service.personalNotifications(for: chat, events: events, among: online) else { return }
        for notification in notifications {
            send(.notification(title: notification.title, body: notification.body, chat: chat.id), to: [notification.recipient])
        }
    }

    /// Everyone whose tabs show the chat: its participants (in any state) and its requester.
    private static func people(of chat: Chat) -> Set<Person> {
        Set(chat.participants.map(\.person) + [chat.requester])
    }

    /// Request lists change in bursts (a request, its first message, its acceptance): agents are told
    /// once per 200 ms at most, and only those whose lists may have changed (`ChatAudience`).
    private func scheduleRequestsBroadcast(for chat: Chat) async {
        let schedule = state.withLock { state in
            state.pendingChats[chat.id] = chat
            if state.requestsBroadcastPending { return false }
            state.requestsBroadcastPending = true
            return true
        }
        guard schedule else { return }
        Task {
            try? await Task.sleep(for: .milliseconds(200))
            let (chats, online) = state.withLock { state in
                defer {
                    state.pendingChats = [:]
                    state.requestsBroadcastPending = false
                }
                return (Array(state.pendingChats.values), Set(state.listeners.values.compactMap(\.person.agentID)))
            }
            guard let recipients = try? await service.requestListRecipients(after: chats, among: online) else { return }
            sendToAgents(.requestsChanged) { recipients.contains($0) }
        }
    }

    /// A browser notification for the agents in `ChatNotificationAgents` who may accept in the channel.
    private func notifyNewRequest(_ chat: Chat) async {
        let online = state.withLock { Set($0.listeners.values.compactMap(\.person.agentID)) }
        guard let notification = try? await service.newRequestNotification(for: chat, among: online) else { return }
        sendToAgents(.notification(title: notification.title, body: notification.body, chat: chat.id)) {
            notification.recipients.contains($0)
        }
    }

    /// How many listeners were opened with this session or visitor token.
    func listenerCount(session: String) -> Int {
        state.withLock { $0.listeners.values.count { $0.session == session } }
    }

    /// A session ended (logout): every listener opened with it on this node is told at once. (Other nodes'
    /// sockets notice at their next session check, at most a minute later.)
    func endSession(_ token: String) {
        let listeners = state.withLock { $0.listeners.values.filter { $0.session == token } }
        for listener in listeners where !listener.deliver(.sessionEnded) { listener.overflow() }
    }

    /// The session tokens of this node's open listeners (for the session watch). A visitor's listener is keyed
    /// by its visitor token, which is no session: the watch would end every visitor's chat.
    func sessionTokens() -> Set<String> {
        state.withLock { Set($0.listeners.values.compactMap { $0.person.isVisitor ? nil : $0.session }) }
    }

    /// A person may no longer use ChatEngine (invalidated in the ticket system): every listener of theirs on
    /// this node is told, as at a logout.
    func endAccess(of person: Person) {
        let listeners = state.withLock { $0.listeners.values.filter { $0.person == person } }
        for listener in listeners where !listener.deliver(.sessionEnded) { listener.overflow() }
    }

    /// Tells every listener the server is going (sockets close with 1012, long polls return) and waits,
    /// at most `timeout`, until they have gone.
    func closeAll(timeout: Duration) async -> Int {
        let listeners = state.withLock { Array($0.listeners.values) }
        for listener in listeners where !listener.deliver(.shutdown) { listener.overflow() }
        let deadline = ContinuousClock.now + timeout
        while listenerCount > 0 && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return listeners.count
    }
}
