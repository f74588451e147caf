import ChatCore
import ChatEngine
import ChatJSON
import Foundation

/// Turns chats and their events into the JSON shapes of docs/web-protocol.md, as one viewer may see them.
struct ChatPresenter: Sendable {
    let service: ChatService
    let viewer: Person
    /// The language the viewer reads system lines in (customers and visitors; agents read English).
    var language: ChatLanguage = .english

    /// `2026-11-22T04:33:12.345Z`, written by hand: every event to every tab carries one, and Foundation's
    /// ISO 8601 format style costs several microseconds each.
    static func iso(_ date: Date) -> String {
        let millis = (date.timeIntervalSince1970 * 1000).rounded(.down)
        var seconds = time_t((millis / 1000).rounded(.down))  // down, also before 1970
        let fraction = Int32(millis - Double(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(fraction, 3))Z"
    }

    func chat(_ chat: Chat, naming given: ChatNaming? = nil) async throws -> JSON {
        let naming: ChatNaming
        if let given { naming = given } else { naming = try await service.naming(for: chat) }
        let me = chat.participant(viewer)
        var participants: [JSON] = []
        for participant in ChatAudience.visibleParticipants(of: chat, to: viewer) {
            participants.append([
                "Name": .string(ChatView.name(of: participant.person, in: chat, for: viewer, naming: naming)),
                "Kind": .string(Self.kind(participant.person)),
                "Role": .string(participant.role.rawValue),
                "State": .string(participant.state.rawValue),
                // pink "inactive" (OTRS): invited and not yet there, or gone from the chat
                "Presence": .string(participant.state == .active
                    ? await service.currentPresence(of: participant.person).rawValue : "inactive"),
                "IsMe": .bool(participant.person == viewer),
            ])
        }
        return [
            "ChatID": .int(chat.id.rawValue),
            "State": .string(chat.state.rawValue),
            "ChannelID": .int(chat.channel.rawValue),
            "ChannelName": .string(naming.channelNames[chat.channel] ?? ""),
            "Requester": .string(ChatView.name(of: chat.requester, in: chat, for: viewer, naming: naming)),
            "RequesterKind": .string(Self.kind(chat.requester)),
            "Target": .string(Self.target(chat.target)),
            "CreatedAt": .string(Self.iso(chat.createdAt)),
            "LastSeq": .int(chat.lastSeq),
            "MyRole": me.map { .string($0.role.rawValue) } ?? .null,
            "MyState": me.map { .string($0.state.rawValue) } ?? .null,
            "Monitoring": .string(me?.monitoring.rawValue ?? MonitoringLevel.none.rawValue),
            "Participants": .array(participants),
            // whether the chat is in a ticket (the customer's "create a ticket" is offered for closed ones without)
            "HasTicket": .bool(chat.ticketID != nil),
        ]
    }

    func events(_ rendered: [RenderedEvent]) -> JSON {
        .array(rendered.map { event in
            [
                "Seq": .int(event.seq),
                "At": .string(Self.iso(event.at)),
                "Kind": .string(event.kind.rawValue),
                "Author": .string(event.author),
                "Text": .string(event.text),
                "Internal": .bool(event.isInternal),
                "Mine": .bool(event.byViewer),
                "ByAgent": .bool(event.byAgent),
            ]
        })
    }

    /// The `Events` frame for `chat` after `seq` with the events it renders, or nil when nothing new is
    /// visible. Without `fullSummary` the frame's `Chat` carries only what messages change (see docs/web-protocol.md).
    func eventsFrame(_ chat: Chat, after seq: Int64, known: [ChatEvent]? = nil, fullSummary: Bool = true) async throws
        -> (frame: JSON, rendered: [RenderedEvent], lastSeq: Int64)?
    {
        guard chat.lastSeq > seq else { return nil }
        var rendered: [RenderedEvent] = []
        var cursor = seq
        let naming = try await service.naming(for: chat, language: language)
        if let known, let last = known.last {
            rendered = known.compactMap { ChatView.render($0, in: chat, for: viewer, naming: naming) }
            cursor = last.seq
        }
        while cursor < chat.lastSeq {
            let page = try await service.catchUpRaw(chat, after: cursor, limit: 500)
            guard let last = page.last else { break }
            cursor = last.seq
            rendered += page.compactMap { ChatView.render($0, in: chat, for: viewer, naming: naming) }
        }
        let summary = fullSummary ? try await self.chat(chat, naming: naming) : slimSummary(chat)
        return (["Type": "Events", "Chat": summary, "Events": events(rendered)], rendered, cursor)
    }

    /// What a message changes in the chat summary; clients merge it into the full one they hold.
    func slimSummary(_ chat: Chat) -> JSON {
        [
            "ChatID": .int(chat.id.rawValue),
            "State": .string(chat.state.rawValue),
            "LastSeq": .int(chat.lastSeq),
            "Monitoring": .string(chat.participant(viewer)?.monitoring.rawValue ?? MonitoringLevel.none.rawValue),
        ]
    }

    static func kind(_ person: Person) -> String {
        switch person {
        case .agent: "agent"
        case .customer: "customer"
        case .visitor: "visitor"
        }
    }

    static func target(_ target: ChatTarget) -> String {
        switch target {
        case .channel: "channel"
        case .agent: "agent"
        case .customer: "customer"
        }
    }
}
