import ChatCore
import ChatEngine
import ChatJSON
import Foundation

/// The frames one tab still needs: it remembers, per chat, the last sequence number sent, and sends
/// only what comes after. Resuming is the same as starting: `Since` from the client seeds it.
struct FeedCursor: Sendable {
    let feed: ViewerFeed
    private(set) var lastSent: [ChatID: Int64] = [:]
    /// When each chat's full summary (participants, presence, names) was last sent. Frames of messages only
    /// carry a slim summary in between, since rendering and parsing the full one is most of a frame's cost.
    private var fullSummarySent: [ChatID: ContinuousClock.Instant] = [:]
    static let fullSummaryEvery: Duration = .seconds(10)

    init(feed: ViewerFeed, since: [ChatID: Int64]) {
        self.feed = feed
        self.lastSent = since
    }

    /// The snapshot and the catch-up of every chat in it or known to the client.
    mutating func start() async throws -> [JSON] {
        let (snapshot, chats) = try await feed.snapshot()
        var frames: [JSON] = [["Type": "Snapshot", "Data": snapshot]]
        var ids = chats.map(\.id)
        for id in lastSent.keys.sorted() where !ids.contains(id) { ids.append(id) }
        for id in ids {
            if let frame = try await catchUp(id) { frames.append(frame.json) }
        }
        return frames
    }

    /// The `Events` frame of a chat after what was sent, or nil when there is nothing new (or the
    /// viewer may not read it).
    mutating func catchUp(_ id: ChatID) async throws -> Frame? {
        guard let chat = try await feed.readableChat(id) else { return nil }
        return try await catchUp(chat)
    }

    /// The same for a chat the hub just read; `fresh` are the events just committed: when they follow
    /// exactly what was sent, they are rendered without reading the store.
    mutating func catchUp(_ chat: Chat, fresh: [ChatEvent] = []) async throws -> Frame? {
        let sent = lastSent[chat.id] ?? 0
        guard chat.lastSeq > sent, try await feed.service.mayRead(chat, viewer: feed.viewer) else { return nil }
        let known: [ChatEvent]? = fresh.first?.seq == sent + 1 && fresh.last?.seq == chat.lastSeq ? fresh : nil
        let now = ContinuousClock.now
        let onlyMessages = known?.allSatisfy { if case .message = $0.kind { true } else { false } } ?? false
        let full = !onlyMessages || fullSummarySent[chat.id].map { now - $0 >= Self.fullSummaryEvery } ?? true
        guard let (frame, rendered, last) = try await feed.presenter.eventsFrame(chat, after: sent, known: known,
            fullSummary: full)
        else { return nil }
        lastSent[chat.id] = last
        if full { fullSummarySent[chat.id] = now }
        return Frame(json: frame, chat: chat, rendered: rendered)
    }

    /// An `Events` frame with no events and the chat's full summary (a participant's presence changed), for
    /// a chat this tab shows.
    mutating func summary(_ chat: Chat) async throws -> JSON? {
        guard lastSent[chat.id] != nil, try await feed.service.mayRead(chat, viewer: feed.viewer) else { return nil }
        fullSummarySent[chat.id] = ContinuousClock.now
        return ["Type": "Events", "Chat": try await feed.presenter.chat(chat), "Events": []]
    }

    /// An `Events` frame with what it was made of (the live session decides on notifications from these).
    struct Frame {
        let json: JSON
        let chat: Chat
        let rendered: [RenderedEvent]
    }

    /// `{"12": 40}` from the client's `Since`.
    static func parseSince(_ json: JSON?) -> [ChatID: Int64] {
        guard case .object(let pairs)? = json else { return [:] }
        var since: [ChatID: Int64] = [:]
        for (key, value) in pairs.prefix(500) {
            guard let id = Int64(key), let seqText = value.stringValue, let seq = Int64(seqText), seq >= 0 else { continue }
            since[ChatID(id)] = seq
        }
        return since
    }
}
