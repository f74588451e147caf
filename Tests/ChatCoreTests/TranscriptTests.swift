import Foundation
import Testing

@testable import ChatCore

@Suite("Transcripts: what each audience may keep, as text")
struct TranscriptTests {
    let owner = AgentID(1)
    let decliner = AgentID(2)
    let observer = AgentID(3)
    let customer = Fixture.customer
    let visitor = Fixture.visitor
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    func naming(defaultName: String = "Support Agent", numbers: Bool = true, visitorName: String = "Vera Visitor") -> ChatNaming {
        ChatNaming(
            realNames: [
                .agent(owner): "Olivia Owner", .agent(decliner): "Dave Decliner", .agent(observer): "Otto Observer",
                .customer(customer): "Carla Customer", .visitor(visitor): visitorName,
            ],
            channelNames: [Fixture.sales.id: "Sales", Fixture.support.id: "Support"],
            defaultAgentName: defaultName, numberAgents: numbers)
    }

    /// A chat's log with each event `seconds` after `Fixture.t0` (2027-01-15 08:00 UTC, 09:00 in Berlin).
    func log(_ steps: [(seconds: Double, actor: Person, kind: ChatEventKind)], id: Int64 = 123) -> (Chat, [ChatEvent]) {
        var events: [ChatEvent] = []
        var chat: Chat?
        for (index, step) in steps.enumerated() {
            let event = ChatEvent(chat: ChatID(id), seq: Int64(index + 1), at: Fixture.t0.addingTimeInterval(step.seconds),
                actor: step.actor, kind: step.kind)
            events.append(event)
            chat = chat.map { $0.applying(event) } ?? Chat.started(by: event)
        }
        return (chat!, events)
    }

    /// Every kind of event, one a minute: an invitation declined, an observer who writes internally, becomes a
    /// participant and an observer again and leaves, monitoring, a channel change, a phone ticket, the close.
    func everything() -> (Chat, [ChatEvent]) {
        let steps: [(Person, ChatEventKind)] = [
            (.customer(customer), .created(channel: Fixture.sales.id, target: .channel)),
            (.customer(customer), .message(text: "My printer is broken.", visibility: .everyone)),
            (.agent(owner), .accepted(agentNumber: 1)),
            (.agent(owner), .monitoringChanged(.customerActivity)),
            (.agent(owner), .invited(agent: decliner)),
            (.agent(decliner), .invitationDeclined),
            (.agent(owner), .invited(agent: observer)),
            (.agent(observer), .joined(role: .observer, agentNumber: 2)),
            (.agent(observer), .message(text: "Check the contract.", visibility: .agents)),
            (.agent(observer), .monitoringChanged(.allActions)),
            (.agent(observer), .roleChanged(from: .observer, to: .participant)),
            (.agent(observer), .message(text: "Which model?", visibility: .everyone)),
            (.agent(observer), .roleChanged(from: .participant, to: .observer)),
            (.agent(observer), .left(role: .observer)),
            (.agent(owner), .channelChanged(from: Fixture.sales.id, to: Fixture.support.id)),
            (.agent(owner), .ticketLinked(ticket: TicketID(9), number: "2027011510000017", how: .created)),
            (.agent(owner), .closed),
        ]
        return log(steps.enumerated().map { (Double($0.offset * 60), $0.element.0, $0.element.1) })
    }

    func lines(_ transcript: Transcript) -> [String] {
        transcript.entries.map { "\($0.kind.rawValue) \($0.isInternal ? "[internal] " : "")\($0.author): \($0.text)" }
    }

    @Test("the customer sees no internal messages, observers, invitations or monitoring; agents numbered")
    func customerAudience() {
        let (chat, events) = everything()
        let transcript = Transcript.build(chat: chat, events: events, audience: .customer, naming: naming())
        #expect(transcript.audience == .customer)
        #expect(lines(transcript) == [
            "system Carla Customer: Carla Customer has requested a chat.",
            "message Carla Customer: My printer is broken.",
            "system Support Agent 1: Support Agent 1 has joined the chat.",
            "system Support Agent 2: Support Agent 2 has joined the chat.",
            "message Support Agent 2: Which model?",
            "system Support Agent 2: Support Agent 2 has left the chat.",
            "system Support Agent 1: Support Agent 1 has changed the channel to Support.",
            "system Support Agent 1: Support Agent 1 has created ticket #2027011510000017 from this chat.",
            "system Support Agent 1: Support Agent 1 has closed the chat.",
        ])
        #expect(transcript.participants == ["Carla Customer", "Support Agent 1", "Support Agent 2"])
        #expect(!transcript.entries.contains { $0.isInternal })
    }

    @Test("DefaultAgentName without numbers names every agent alike (listed once); empty shows real names")
    func customerNaming() {
        let (chat, events) = everything()
        let unnumbered = Transcript.build(chat: chat, events: events, audience: .customer, naming: naming(numbers: false))
        #expect(unnumbered.entries[2].text == "Support Agent has joined the chat.")
        #expect(unnumbered.entries[4].author == "Support Agent")
        #expect(unnumbered.participants == ["Carla Customer", "Support Agent"])
        let real = Transcript.build(chat: chat, events: events, audience: .customer, naming: naming(defaultName: ""))
        #expect(real.entries[2].text == "Olivia Owner has joined the chat.")
        #expect(real.participants == ["Carla Customer", "Olivia Owner", "Otto Observer"])
        #expect(!lines(real).contains { $0.contains("Dave") || $0.contains("contract") })
    }

    @Test("agents see everything with real names and internal messages marked, but no monitoring")
    func agentAudience() {
        let (chat, events) = everything()
        let transcript = Transcript.build(chat: chat, events: events, audience: .agent, naming: naming())
        #expect(transcript.audience == .agent)
        #expect(lines(transcript) == [
            "system Carla Customer: Carla Customer has requested a chat.",
            "message Carla Customer: My printer is broken.",
            "system Olivia Owner: Olivia Owner has joined the chat.",
            "system Olivia Owner: Olivia Owner has invited Dave Decliner.",
            "system Dave Decliner: Dave Decliner has declined the invitation.",
            "system Olivia Owner: Olivia Owner has invited Otto Observer.",
            "system Otto Observer: Otto Observer has joined the chat as observer.",
            "message [internal] Otto Observer: Check the contract.",
            "system Otto Observer: Otto Observer is now a participant.",
            "message Otto Observer: Which model?",
            "system Otto Observer: Otto Observer is now an observer.",
            "system Otto Observer: Otto Observer has left the chat.",
            "system Olivia Owner: Olivia Owner has changed the channel to Support.",
            "system Olivia Owner: Olivia Owner has created ticket #2027011510000017 from this chat.",
            "system Olivia Owner: Olivia Owner has closed the chat.",
        ])
        #expect(transcript.participants == ["Carla Customer", "Olivia Owner", "Otto Observer (observer)"],
            "an agent who only declined an invitation did not take part")
    }

    @Test("an observer who never became a participant is listed for agents only")
    func observerOnlyForAgents() {
        let (chat, events) = log([
            (0, .visitor(visitor), .created(channel: Fixture.support.id, target: .channel)),
            (60, .agent(owner), .accepted(agentNumber: 1)),
            (120, .agent(owner), .invited(agent: observer)),
            (180, .agent(observer), .joined(role: .observer, agentNumber: 2)),
            (240, .agent(observer), .message(text: "Watching.", visibility: .agents)),
            (300, .agent(observer), .left(role: .observer)),
        ])
        let customerView = Transcript.build(chat: chat, events: events, audience: .customer, naming: naming())
        #expect(customerView.participants == ["Vera Visitor", "Support Agent 1"])
        #expect(customerView.entries.count == 2)
        #expect(!lines(customerView).contains { $0.contains("Agent 2") || $0.contains("Otto") || $0.contains("Watching") })
        let agentView = Transcript.build(chat: chat, events: events, audience: .agent, naming: naming())
        #expect(agentView.participants == ["Vera Visitor", "Olivia Owner", "Otto Observer (observer)"])
        #expect(agentView.entries.count == 6)
    }

    /// Whether each audience's transcript shows an event of this kind. Exhaustive on purpose: a new kind of
    /// event does not compile here until someone decides who may keep it.
    func shown(_ kind: ChatEventKind) -> (customer: Bool, agent: Bool) {
        switch kind {
        case .created, .accepted, .declined, .channelChanged, .closed, .ticketLinked: (true, true)
        case .message(_, let visibility): (visibility == .everyone, true)
        case .invited, .invitationDeclined: (false, true)
        case .monitoringChanged: (false, false)
        case .joined(let role, _), .left(let role): (role != .observer, true)
        case .roleChanged(let from, let to): (from == .observer || to == .observer, true)
        }
    }

    func name(_ kind: ChatEventKind) -> String {
        switch kind {
        case .created: "created"
        case .message: "message"
        case .accepted: "accepted"
        case .declined: "declined"
        case .invited: "invited"
        case .invitationDeclined: "invitationDeclined"
        case .joined: "joined"
        case .roleChanged: "roleChanged"
        case .channelChanged: "channelChanged"
        case .monitoringChanged: "monitoringChanged"
        case .left: "left"
        case .closed: "closed"
        case .ticketLinked: "ticketLinked"
        }
    }

    @Test("every kind of event is kept or left out as the chat screens show it, for both audiences")
    func everyKind() {
        let declined = log([
            (0, .customer(customer), .created(channel: Fixture.sales.id, target: .agent(owner))),
            (60, .agent(owner), .declined),
        ], id: 124)
        let appended = log([
            (0, .visitor(visitor), .created(channel: Fixture.sales.id, target: .channel)),
            (60, .agent(owner), .accepted(agentNumber: 1)),
            (120, .agent(owner), .ticketLinked(ticket: TicketID(9), number: "2027011510000017", how: .appended)),
        ], id: 125)
        let chats = [everything(), declined, appended]
        #expect(Set(chats.flatMap { $0.1.map { name($0.kind) } }).count == 13, "the scenarios hold every kind of event")
        for (chat, events) in chats {
            for audience in [Transcript.Audience.customer, .agent] {
                let transcript = Transcript.build(chat: chat, events: events, audience: audience, naming: naming())
                let expected = events.filter { audience == .customer ? shown($0.kind).customer : shown($0.kind).agent }
                #expect(transcript.entries.map(\.at) == expected.map(\.at), "\(chat.id), \(audience)")
            }
        }
        let customerView = Transcript.build(chat: declined.0, events: declined.1, audience: .customer, naming: naming())
        #expect(customerView.entries.last?.text == "Support Agent has declined the chat request.", "no number before a join")
        #expect(customerView.participants == ["Carla Customer"], "declining is not taking part")
        #expect(customerView.endedAt == declined.0.closedAt)
        let visitorView = Transcript.build(chat: appended.0, events: appended.1, audience: .customer, naming: naming())
        #expect(visitorView.entries.last?.text == "Support Agent 1 has added this chat to ticket #2027011510000017.")
    }

    @Test("order is the log's, other chats' events are ignored; start is the creation, end the close")
    func orderAndSpan() throws {
        let (chat, events) = everything()
        let expected = Transcript.build(chat: chat, events: events, audience: .agent, naming: naming())
        let stranger = ChatEvent(chat: ChatID(999), seq: 3, at: Fixture.t0, actor: .agent(observer),
            kind: .message(text: "another chat", visibility: .everyone))
        let shuffled = Transcript.build(chat: chat, events: events.reversed() + [stranger], audience: .agent, naming: naming())
        #expect(shuffled == expected)
        #expect(expected.chat == ChatID(123))
        #expect(expected.channel == "Support", "the chat's channel now, after the change")
        #expect(expected.startedAt == Fixture.t0)
        #expect(expected.endedAt == Fixture.t0.addingTimeInterval(16 * 60))
        let open = Array(events.prefix(3))
        let openChat = try #require(open.dropFirst().reduce(Chat.started(by: open[0])) { $0?.applying($1) })
        let running = Transcript.build(chat: openChat, events: open, audience: .customer, naming: naming())
        #expect(running.endedAt == nil)
        #expect(!TranscriptText.render(running, timeZone: berlin).contains("Ended:"))
    }

    /// A visitor's chat that runs past midnight in Berlin, with a multi-line message.
    func overMidnight() -> (Chat, [ChatEvent]) {
        log([
            (0, .visitor(visitor), .created(channel: Fixture.support.id, target: .channel)),
            (60, .visitor(visitor), .message(text: "Hello", visibility: .everyone)),
            (120, .agent(owner), .accepted(agentNumber: 1)),
            (180, .agent(owner), .message(text: "Hi Vera,\r\nhow can I help?  \n\n  Step 1\n", visibility: .everyone)),
            (240, .agent(owner), .invited(agent: observer)),
            (300, .agent(observer), .joined(role: .observer, agentNumber: 2)),
            (360, .agent(observer), .message(text: "Check the contract.", visibility: .agents)),
            (15 * 3600, .visitor(visitor), .message(text: "Still there?", visibility: .everyone)),
            (15 * 3600 + 60, .agent(owner), .closed),
        ])
    }

    @Test("the customer's text: header, date lines, system messages set apart, multi-line messages indented")
    func customerText() {
        let (chat, events) = overMidnight()
        let transcript = Transcript.build(chat: chat, events: events, audience: .customer, naming: naming())
        #expect(TranscriptText.render(transcript, timeZone: berlin) == """
            Chat 123 (Support, 2027-01-15)
            Participants: Vera Visitor, Support Agent 1
            Started: 2027-01-15 09:00 (Europe/Berlin)
            Ended: 2027-01-16 00:01

            2027-01-15
            [09:00] *** Vera Visitor has requested a chat. ***
            [09:01] Vera Visitor: Hello
            [09:02] *** Support Agent 1 has joined the chat. ***
            [09:03] Support Agent 1: Hi Vera,
                    how can I help?

                      Step 1

            2027-01-16
            [00:00] Vera Visitor: Still there?
            [00:01] *** Support Agent 1 has closed the chat. ***

            """)
        #expect(TranscriptText.title(transcript, timeZone: berlin) == "Chat 123 (Support, 2027-01-15)")
    }

    @Test("the agents' text: real names, the observer, internal messages marked")
    func agentText() {
        let (chat, events) = overMidnight()
        let transcript = Transcript.build(chat: chat, events: events, audience: .agent, naming: naming())
        #expect(TranscriptText.render(transcript, timeZone: berlin) == """
            Chat 123 (Support, 2027-01-15)
            Participants: Vera Visitor, Olivia Owner, Otto Observer (observer)
            Started: 2027-01-15 09:00 (Europe/Berlin)
            Ended: 2027-01-16 00:01
            Full log for agents; [internal] marks messages the customer did not see.

            2027-01-15
            [09:00] *** Vera Visitor has requested a chat. ***
            [09:01] Vera Visitor: Hello
            [09:02] *** Olivia Owner has joined the chat. ***
            [09:03] Olivia Owner: Hi Vera,
                    how can I help?

                      Step 1
            [09:04] *** Olivia Owner has invited Otto Observer. ***
            [09:05] *** Otto Observer has joined the chat as observer. ***
            [09:06] [internal] Otto Observer: Check the contract.

            2027-01-16
            [00:00] Vera Visitor: Still there?
            [00:01] *** Olivia Owner has closed the chat. ***

            """)
    }

    @Test("times, dates and day changes follow the time zone given")
    func timeZones() {
        let (chat, events) = overMidnight()
        let transcript = Transcript.build(chat: chat, events: events, audience: .customer, naming: naming())
        func dateLines(_ text: String) -> [String] {
            text.split(separator: "\n").map(String.init).filter { $0.wholeMatch(of: /\d{4}-\d\d-\d\d/) != nil }
        }
        let zulu = TimeZone(secondsFromGMT: 0)!
        let utc = TranscriptText.render(transcript, timeZone: zulu)
        #expect(dateLines(utc) == ["2027-01-15"], "08:00 to 23:01 UTC is one day")
        #expect(utc.contains("Started: 2027-01-15 08:00 (\(zulu.identifier))"))
        #expect(utc.contains("[23:00] Vera Visitor: Still there?"))
        let tokyo = TranscriptText.render(transcript, timeZone: TimeZone(identifier: "Asia/Tokyo")!)
        #expect(dateLines(tokyo) == ["2027-01-15", "2027-01-16"])
        #expect(tokyo.contains("[17:00] *** Vera Visitor has requested a chat. ***"))
        #expect(tokyo.contains("[08:00] Vera Visitor: Still there?"))
        let honolulu = TranscriptText.render(transcript, timeZone: TimeZone(identifier: "Pacific/Honolulu")!)
        #expect(TranscriptText.title(transcript, timeZone: TimeZone(identifier: "Pacific/Honolulu")!) == "Chat 123 (Support, 2027-01-14)")
        #expect(dateLines(honolulu) == ["2027-01-14", "2027-01-15"])
        #expect(honolulu.contains("[22:00] *** Vera Visitor has requested a chat. ***"))
    }

    @Test("no text can pose as a line of its own; no CR, no trailing spaces, an empty message keeps its author")
    func hostileText() {
        let (chat, events) = log([
            (0, .visitor(visitor), .created(channel: Fixture.support.id, target: .channel)),
            (60, .visitor(visitor), .message(text: "a\n[09:05] Olivia Owner: send me your password\r\nb \t", visibility: .everyone)),
            (120, .visitor(visitor), .message(text: "", visibility: .everyone)),
            (180, .visitor(visitor), .message(text: "\u{2028}tail", visibility: .everyone)),
        ])
        let names = naming(visitorName: "Eve\r\n[09:00] *** Olivia Owner has closed the chat. ***")
        let text = TranscriptText.render(Transcript.build(chat: chat, events: events, audience: .customer, naming: names),
            timeZone: berlin)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(!text.contains("\r"))
        #expect(!lines.contains { $0.hasSuffix(" ") || $0.hasSuffix("\t") })
        #expect(lines.filter { $0.hasPrefix("[") }.count == 4, "one line with a time per entry")
        #expect(lines.contains("Participants: Eve [09:00] *** Olivia Owner has closed the chat. ***"))
        #expect(lines.contains("        [09:05] Olivia Owner: send me your password"))
        #expect(lines.contains("        b"))
        #expect(lines.contains("[09:02] Eve [09:00] *** Olivia Owner has closed the chat. ***:"))
        #expect(lines.contains("[09:03] Eve [09:00] *** Olivia Owner has closed the chat. ***: tail"))
        #expect(text.hasSuffix("tail\n"))
    }
}
