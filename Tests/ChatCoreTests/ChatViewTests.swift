import Foundation
import Testing

@testable import ChatCore

@Suite("What each viewer sees")
struct ChatViewTests {
    let owner = AgentID(1)
    let observer = AgentID(2)
    let customer = Fixture.customer

    func naming(defaultName: String = "Support Agent", numbers: Bool = true) -> ChatNaming {
        ChatNaming(
            realNames: [.agent(owner): "Olivia Owner", .agent(observer): "Otto Observer", .customer(customer): "Carla Customer"],
            channelNames: [Fixture.sales.id: "Sales", Fixture.support.id: "Support"],
            defaultAgentName: defaultName, numberAgents: numbers)
    }

    /// request → accepted by owner → owner invites observer → observer joins as observer, writes internally
    /// → switches to participant → channel change → close.
    func scenario() -> (Chat, [ChatEvent]) {
        Fixture.chat([
            (.customer(customer), .created(channel: Fixture.sales.id, target: .channel)),
            (.customer(customer), .message(text: "Hello", visibility: .everyone)),
            (.agent(owner), .accepted(agentNumber: 1)),
            (.agent(owner), .invited(agent: observer)),
            (.agent(observer), .joined(role: .observer, agentNumber: 2)),
            (.agent(observer), .message(text: "internal note", visibility: .agents)),
            (.agent(observer), .monitoringChanged(.allActions)),
            (.agent(observer), .roleChanged(from: .observer, to: .participant)),
            (.agent(owner), .channelChanged(from: Fixture.sales.id, to: Fixture.support.id)),
            (.agent(owner), .closed),
        ])
    }

    func texts(for viewer: Person, naming: ChatNaming) -> [String] {
        let (chat, events) = scenario()
        return events.compactMap { ChatView.render($0, in: chat, for: viewer, naming: naming) }.map { "\($0.author): \($0.text)" }
    }

    @Test("the customer never sees the observer, internal messages or invitations; agents are numbered")
    func customerView() {
        #expect(texts(for: .customer(customer), naming: naming()) == [
            "Carla Customer: Carla Customer has requested a chat.",
            "Carla Customer: Hello",
            "Support Agent 1: Support Agent 1 has joined the chat.",
            "Support Agent 2: Support Agent 2 has joined the chat.",
            "Support Agent 1: Support Agent 1 has changed the channel to Support.",
            "Support Agent 1: Support Agent 1 has closed the chat.",
        ])
    }

    @Test("agents see everything with real names, but only their own monitoring")
    func agentView() {
        let ownerView = texts(for: .agent(owner), naming: naming())
        #expect(ownerView.contains("Otto Observer: internal note"))
        #expect(ownerView.contains("Otto Observer: Otto Observer has joined the chat as observer."))
        #expect(ownerView.contains("Olivia Owner: Olivia Owner has invited Otto Observer."))
        #expect(!ownerView.contains { $0.contains("Monitoring") })
        #expect(texts(for: .agent(observer), naming: naming()).contains("Otto Observer: Monitoring set to all_actions."))
    }

    @Test("DefaultAgentName without numbers, and empty (real names)")
    func namingSettings() {
        #expect(texts(for: .customer(customer), naming: naming(numbers: false))[2] == "Support Agent: Support Agent has joined the chat.")
        #expect(texts(for: .customer(customer), naming: naming(defaultName: ""))[2] == "Olivia Owner: Olivia Owner has joined the chat.")
    }

    @Test("internal messages are flagged, and hidden from visitors too")
    func internalFlag() {
        let (chat, events) = scenario()
        let internalEvent = events[5]
        #expect(ChatView.render(internalEvent, in: chat, for: .agent(owner), naming: naming())?.isInternal == true)
        #expect(ChatView.render(internalEvent, in: chat, for: .visitor(Fixture.visitor), naming: naming()) == nil)
        #expect(!ChatView.isVisible(events[3], to: .visitor(Fixture.visitor)))
    }
}

@Suite("Presence and staffing")
struct PresenceTests {
    let rule = PresenceRule(heartbeatInterval: 15, grace: 5, onlineThreshold: 300)
    let now = Fixture.t0

    @Test("presence from liveness and input, with an injected clock")
    func presence() {
        func p(_ heartbeatAgo: Double?, _ inputAgo: Double?, availability: ChatAvailability? = .external, loggedIn: Bool = true) -> Presence {
            rule.presence(loggedIn: loggedIn, lastHeartbeat: heartbeatAgo.map { now.addingTimeInterval(-$0) },
                lastInput: inputAgo.map { now.addingTimeInterval(-$0) }, availability: availability, now: now)
        }
        #expect(p(1, 10) == .active)
        #expect(p(35, 10) == .active, "two intervals plus grace: a page navigation is not going offline")
        #expect(p(35.5, 10) == .offline)
        #expect(p(nil, 10) == .offline)
        #expect(p(1, 300) == .active)
        #expect(p(1, 301) == .away)
        #expect(p(1, nil) == .away)
        #expect(p(1, 10, availability: .unavailable) == .unavailable)
        #expect(p(100, 10, availability: .unavailable) == .offline)
        #expect(p(1, 10, availability: nil) == .active, "customers have no switch")
        #expect(p(1, 10, loggedIn: false) == .offline)
    }

    @Test("a channel is staffed by an external, live chat_owner who chose it")
    func staffing() {
        func agent(_ level: ChatPermissionLevel?, _ availability: ChatAvailability = .external, chose: Bool = true,
            presence: Presence = .active) -> AgentChatState
        {
            let context = Fixture.agent(1, level: level, availability: availability)
            return AgentChatState(agent: context.id, permissions: context.permissions, availability: availability,
                externalChannels: chose ? [Fixture.sales.id] : [], presence: presence)
        }
        let sales = Fixture.sales
        #expect(Staffing.isStaffed(sales, by: [agent(.owner)], awayAgentsAreUnavailable: false))
        #expect(!Staffing.isStaffed(sales, by: [agent(.participant)], awayAgentsAreUnavailable: false))
        #expect(!Staffing.isStaffed(sales, by: [agent(.owner, .internal)], awayAgentsAreUnavailable: false))
        #expect(!Staffing.isStaffed(sales, by: [agent(.owner, chose: false)], awayAgentsAreUnavailable: false))
        #expect(!Staffing.isStaffed(sales, by: [agent(.owner, presence: .offline)], awayAgentsAreUnavailable: false))
        #expect(Staffing.isStaffed(sales, by: [agent(.owner, presence: .away)], awayAgentsAreUnavailable: false))
        #expect(!Staffing.isStaffed(sales, by: [agent(.owner, presence: .away)], awayAgentsAreUnavailable: true))
        #expect(!Staffing.isStaffed(Fixture.support, by: [agent(.owner)], awayAgentsAreUnavailable: false))
    }
}
