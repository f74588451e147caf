import Foundation
import Testing

@testable import ChatCore

@Suite("Who is told what about a chat")
struct ChatAudienceTests {
    let owner = AgentID(1)
    let observer = AgentID(2)
    let leaver = AgentID(3)
    let invitee = AgentID(4)
    let customer = Fixture.customer
    let visitor = Fixture.visitor

    /// A visitor's chat with its owner, an active observer, a participant who left and an invited agent.
    func crowdedChat() -> Chat {
        Fixture.chat([
            (.visitor(visitor), .created(channel: Fixture.sales.id, target: .channel)),
            (.agent(owner), .accepted(agentNumber: 1)),
            (.agent(owner), .invited(agent: observer)),
            (.agent(observer), .joined(role: .observer, agentNumber: 2)),
            (.agent(owner), .invited(agent: leaver)),
            (.agent(leaver), .joined(role: .participant, agentNumber: 3)),
            (.agent(leaver), .left(role: .participant)),
            (.agent(owner), .invited(agent: invitee)),
        ]).0
    }

    @Test("customers and visitors see only active non-observers; agents see everyone")
    func visibleParticipants() {
        let chat = crowdedChat()
        let everyone: [Person] = [.visitor(visitor), .agent(owner), .agent(observer), .agent(leaver), .agent(invitee)]
        #expect(ChatAudience.visibleParticipants(of: chat, to: .agent(owner)).map(\.person) == everyone)
        #expect(ChatAudience.visibleParticipants(of: chat, to: .agent(invitee)).map(\.person) == everyone,
            "any agent, even one not yet in the chat")
        #expect(ChatAudience.visibleParticipants(of: chat, to: .visitor(visitor)).map(\.person) == [.visitor(visitor), .agent(owner)],
            "the active observer, the gone participant and the invited agent are hidden")
        #expect(ChatAudience.visibleParticipants(of: chat, to: .customer(customer)).map(\.person) == [.visitor(visitor), .agent(owner)])

        // a personal request: its target is invited with the owner role, so only the state hides them
        let (personal, _) = Fixture.chat([(.customer(customer), .created(channel: Fixture.sales.id, target: .agent(owner)))])
        #expect(personal.participant(.agent(owner))?.role == .owner)
        #expect(ChatAudience.visibleParticipants(of: personal, to: .customer(customer)).map(\.person) == [.customer(customer)])
        #expect(ChatAudience.visibleParticipants(of: personal, to: .agent(owner)).count == 2)
        let (accepted, _) = Fixture.record([.accepted(agentNumber: 1)], by: .agent(owner), on: personal)
        #expect(ChatAudience.visibleParticipants(of: accepted, to: .customer(customer)).map(\.person) == [.customer(customer), .agent(owner)])
    }

    @Test("typing reaches the other active participants; an observer's typing reaches agents only")
    func typingRecipients() {
        let chat = crowdedChat()
        #expect(ChatAudience.typingRecipients(in: chat, from: .visitor(visitor)) == [.agent(owner), .agent(observer)])
        #expect(ChatAudience.typingRecipients(in: chat, from: .agent(owner)) == [.visitor(visitor), .agent(observer)])
        #expect(ChatAudience.typingRecipients(in: chat, from: .agent(observer)) == [.agent(owner)], "never to the visitor")
        #expect(ChatAudience.typingRecipients(in: chat, from: .agent(owner), internal: true) == [.agent(observer)],
            "an internal message being typed is for agents only")
        #expect(ChatAudience.typingRecipients(in: chat, from: .visitor(visitor), internal: true) == [.agent(owner), .agent(observer)],
            "a visitor has no internal messages")
        #expect(ChatAudience.typingRecipients(in: chat, from: .agent(leaver)).isEmpty, "gone")
        #expect(ChatAudience.typingRecipients(in: chat, from: .agent(invitee)).isEmpty, "not there yet")
    }

    @Test("request lists go to personal targets and to agents with any chat_* key on a changed group")
    func requestListRecipients() {
        let candidates: [AgentID: AgentPermissions] = [
            AgentID(10): AgentPermissions(["sales": [.ro]]),
            AgentID(11): AgentPermissions(["sales": [.chatObserver]]),
            AgentID(12): AgentPermissions(["sales": [.rw]]),
            AgentID(13): AgentPermissions(["support": [.rw, .chatOwner]]),
            AgentID(14): AgentPermissions(["sales": [.ro, .chatParticipant]]),
        ]
        let target = AgentID(20)
        #expect(ChatAudience.requestListRecipients(groups: ["sales"], targets: [], candidates: candidates) == [AgentID(11), AgentID(12), AgentID(14)],
            "ro alone is no chat permission; rw implies chat_owner, as in Znuny")
        #expect(ChatAudience.requestListRecipients(groups: ["support"], targets: [], candidates: candidates) == [AgentID(13)])
        #expect(ChatAudience.requestListRecipients(groups: ["sales", "support"], targets: [target], candidates: candidates)
            == [AgentID(11), AgentID(12), AgentID(13), AgentID(14), target])
        #expect(ChatAudience.requestListRecipients(groups: [], targets: [target, AgentID(10)], candidates: candidates)
            == [target, AgentID(10)], "a personal request reaches its target whatever their groups")
        #expect(ChatAudience.requestListRecipients(groups: ["admin"], targets: [], candidates: candidates).isEmpty)
    }

    @Test("new general requests notify owners of the channel who are in the notification group")
    func newRequestRecipients() {
        let notify = "chat_notification"
        let candidates: [AgentID: AgentPermissions] = [
            AgentID(10): AgentPermissions(["sales": [.chatOwner], notify: [.ro]]),
            AgentID(11): AgentPermissions(["sales": [.chatOwner], notify: [.rw]]),
            AgentID(12): AgentPermissions(["sales": [.chatOwner]]),
            AgentID(13): AgentPermissions(["sales": [.chatParticipant], notify: [.ro]]),
            AgentID(14): AgentPermissions(["support": [.chatOwner], notify: [.ro]]),
            AgentID(15): AgentPermissions(["sales": [.rw], notify: [.ro]]),
            AgentID(16): AgentPermissions(["sales": [.chatOwner], notify: [.chatOwner]]),
        ]
        func recipients(_ chat: Chat) -> Set<AgentID> {
            ChatAudience.newRequestRecipients(of: chat, channelGroup: "sales", notificationGroup: notify, candidates: candidates)
        }
        let request = Fixture.customerRequest()
        #expect(recipients(request) == [AgentID(10), AgentID(11), AgentID(15)],
            "rw implies chat_owner; not without the notification group, below owner, on another group, or with only chat_* there")
        let (personal, _) = Fixture.chat([(.customer(customer), .created(channel: Fixture.sales.id, target: .agent(AgentID(10))))])
        #expect(recipients(personal).isEmpty, "personal requests notify no one")
        let (accepted, _) = Fixture.record([.accepted(agentNumber: 1)], by: .agent(owner), on: request)
        #expect(recipients(accepted).isEmpty, "taken already")
        #expect(ChatAudience.newRequestRecipients(of: request, channelGroup: "sales", notificationGroup: notify, candidates: [:]).isEmpty)
    }

    @Test("monitoring alerts on the first event others did: customers only, or anyone")
    func monitoringAlert() {
        let (chat, events) = Fixture.chat([
            (.customer(customer), .created(channel: Fixture.sales.id, target: .channel)),
            (.agent(owner), .accepted(agentNumber: 1)),
            (.agent(owner), .invited(agent: observer)),
            (.agent(observer), .joined(role: .observer, agentNumber: 2)),
            (.agent(observer), .message(text: "mine", visibility: .agents)),
            (.agent(owner), .message(text: "from the owner", visibility: .everyone)),
            (.customer(customer), .message(text: "from the customer", visibility: .everyone)),
            (.agent(owner), .message(text: "later", visibility: .everyone)),
        ])
        let naming = ChatNaming(realNames: [:], channelNames: [:], defaultAgentName: "", numberAgents: false)
        let rendered = events.compactMap { ChatView.render($0, in: chat, for: .agent(observer), naming: naming) }
        let batch = Array(rendered.suffix(4))
        #expect(batch.map(\.text) == ["mine", "from the owner", "from the customer", "later"])

        #expect(ChatAudience.monitoringAlert(level: .none, events: batch) == nil)
        #expect(ChatAudience.monitoringAlert(level: .allActions, events: batch)?.text == "from the owner",
            "the viewer's own message never alerts")
        #expect(ChatAudience.monitoringAlert(level: .customerActivity, events: batch)?.text == "from the customer",
            "the viewer's own and other agents' messages are skipped")
        #expect(ChatAudience.monitoringAlert(level: .customerActivity, events: Array(batch.prefix(2))) == nil)
        #expect(ChatAudience.monitoringAlert(level: .allActions, events: Array(batch.prefix(1))) == nil)
        #expect(ChatAudience.monitoringAlert(level: .customerActivity, events: rendered)?.text == "\(customer) has requested a chat.",
            "a customer's system event counts too")
        #expect(ChatAudience.monitoringAlert(level: .allActions, events: []) == nil)
    }

    @Test("personal requests notify the agent or customer user asked; invitations the agent invited")
    func personalNotices() {
        let (_, toAgent) = Fixture.chat([(.agent(owner), .created(channel: Fixture.sales.id, target: .agent(invitee)))])
        let (_, toCustomer) = Fixture.chat([(.agent(owner), .created(channel: Fixture.sales.id, target: .customer(customer)))])
        let (_, general) = Fixture.chat([(.visitor(visitor), .created(channel: Fixture.sales.id, target: .channel))])
        func notices(_ events: [ChatEvent]) -> [String] {
            ChatAudience.personalNotices(events).map { "\($0.recipient) \($0.notice)" }
        }
        #expect(notices(toAgent) == ["\(Person.agent(invitee)) request(from: \(Person.agent(owner)))"])
        #expect(notices(toCustomer) == ["\(Person.customer(customer)) request(from: \(Person.agent(owner)))"])
        #expect(notices(general).isEmpty, "general requests notify by channel (newRequestRecipients)")
        let (_, invited) = Fixture.chat([
            (.visitor(visitor), .created(channel: Fixture.sales.id, target: .channel)),
            (.agent(owner), .accepted(agentNumber: 1)),
            (.agent(owner), .invited(agent: observer)),
        ])
        #expect(notices(invited) == ["\(Person.agent(observer)) invitation(by: \(Person.agent(owner)))"])
    }
}
