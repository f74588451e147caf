import Foundation
import Testing

@testable import ChatCore

@Suite("Chat lifecycle")
struct ChatLifecycleTests {
    let policy = ChatPolicy()
    let owner = Fixture.agent(1, level: .owner)
    let secondOwner = Fixture.agent(2, level: .owner)
    let observerOnly = Fixture.agent(3, level: .observer)
    let participantLevel = Fixture.agent(4, level: .participant)

    func accepted() throws -> Chat {
        let request = Fixture.customerRequest()
        return Fixture.record(try ChatRules.accept(request, in: Fixture.sales, by: .agent(owner), policy: policy),
            by: .agent(owner.id), on: request).0
    }

    @Test("a customer's generic request: created with the first message, accepted by the first owner only")
    func acceptFirstWins() throws {
        let kinds = try ChatRules.create(target: .channel, in: Fixture.sales, channelStaffed: true,
            by: .customer(Fixture.customer), firstMessage: "Hallo, Grüße 👋", policy: policy)
        #expect(kinds == [.created(channel: Fixture.sales.id, target: .channel), .message(text: "Hallo, Grüße 👋", visibility: .everyone)])
        let chat = try accepted()
        #expect(chat.state == .active)
        #expect(chat.activeParticipant(.agent(owner.id))?.role == .owner)
        #expect(chat.activeParticipant(.agent(owner.id))?.agentNumber == 1)
        #expect(throws: ChatError.alreadyAccepted) {
            try ChatRules.accept(chat, in: Fixture.sales, by: .agent(secondOwner), policy: policy)
        }
    }

    @Test("a personal request is accepted or declined only by its target; declining ends it")
    func personalRequests() throws {
        let (request, _) = Fixture.chat([(.agent(owner.id), .created(channel: Fixture.sales.id, target: .customer(Fixture.customer)))])
        #expect(throws: ChatError.notPermitted("this request is not addressed to you")) {
            try ChatRules.accept(request, in: Fixture.sales, by: .agent(secondOwner), policy: policy)
        }
        #expect(throws: ChatError.notPermitted("there is no request for you to decline")) {
            try ChatRules.decline(request, by: .customer(CustomerUserID(999)))
        }
        let acceptedByCustomer = Fixture.record(try ChatRules.accept(request, in: Fixture.sales, by: .customer(Fixture.customer), policy: policy),
            by: .customer(Fixture.customer), on: request).0
        #expect(acceptedByCustomer.state == .active)
        #expect(acceptedByCustomer.activeParticipant(.customer(Fixture.customer)) != nil)
        let declined = Fixture.record(try ChatRules.decline(request, by: .customer(Fixture.customer)), by: .customer(Fixture.customer), on: request).0
        #expect(declined.state == .closed)
        #expect(throws: ChatError.chatClosed) { try ChatRules.accept(declined, in: Fixture.sales, by: .customer(Fixture.customer), policy: policy) }
    }

    @Test("invite, join as observer within the level, switch to participant, decline an invitation")
    func invitations() throws {
        var chat = try accepted()
        chat = Fixture.record(try ChatRules.invite(chat, in: Fixture.sales, invitee: participantLevel, by: .agent(owner)),
            by: .agent(owner.id), on: chat).0
        #expect(chat.participant(.agent(participantLevel.id))?.state == .invited)
        #expect(throws: ChatError.invalidTarget("that agent is already invited")) {
            try ChatRules.invite(chat, in: Fixture.sales, invitee: participantLevel, by: .agent(owner))
        }
        chat = Fixture.record(try ChatRules.join(chat, in: Fixture.sales, as: .observer, by: participantLevel),
            by: .agent(participantLevel.id), on: chat).0
        #expect(chat.activeParticipant(.agent(participantLevel.id))?.role == .observer)
        #expect(chat.activeParticipant(.agent(participantLevel.id))?.agentNumber == 2)
        #expect(throws: ChatError.notPermitted("observers can only write internal messages")) {
            try ChatRules.postMessage(chat, text: "hi", visibility: .everyone, by: .agent(participantLevel), policy: policy)
        }
        _ = try ChatRules.postMessage(chat, text: "psst", visibility: .agents, by: .agent(participantLevel), policy: policy)
        chat = Fixture.record(try ChatRules.switchRole(chat, in: Fixture.sales, to: .participant, by: participantLevel),
            by: .agent(participantLevel.id), on: chat).0
        #expect(chat.activeParticipant(.agent(participantLevel.id))?.role == .participant)

        // an observer-level agent may only observe, and may decline
        chat = Fixture.record(try ChatRules.invite(chat, in: Fixture.sales, invitee: observerOnly, by: .agent(participantLevel)),
            by: .agent(participantLevel.id), on: chat).0
        #expect(throws: ChatError.notPermitted("chat_observer only lets you observe")) {
            try ChatRules.join(chat, in: Fixture.sales, as: .participant, by: observerOnly)
        }
        chat = Fixture.record(try ChatRules.decline(chat, by: .agent(observerOnly)), by: .agent(observerOnly.id), on: chat).0
        #expect(chat.participant(.agent(observerOnly.id))?.state == .left)
        #expect(chat.state == .active)
    }

    @Test("channel changes need a valid, staffed target, and an owner or participant")
    func channelChange() throws {
        let chat = try accepted()
        #expect(throws: ChatError.channelNotStaffed("Support")) {
            try ChatRules.changeChannel(chat, from: Fixture.sales, to: Fixture.support, targetStaffed: false, by: .agent(owner))
        }
        var invalid = Fixture.support
        invalid.isValid = false
        #expect(throws: ChatError.channelInvalid("Support")) {
            try ChatRules.changeChannel(chat, from: Fixture.sales, to: invalid, targetStaffed: true, by: .agent(owner))
        }
        let moved = Fixture.record(try ChatRules.changeChannel(chat, from: Fixture.sales, to: Fixture.support, targetStaffed: true, by: .agent(owner)),
            by: .agent(owner.id), on: chat).0
        #expect(moved.channel == Fixture.support.id)
        #expect(throws: ChatError.notInChat) {
            try ChatRules.changeChannel(chat, from: Fixture.sales, to: Fixture.support, targetStaffed: true, by: .agent(secondOwner))
        }
    }

    @Test("messages: up to 3,800 Unicode scalars, never truncated; blank is refused")
    func messageLimits() throws {
        let chat = try accepted()
        let limit = String(repeating: "é", count: 3800)
        _ = try ChatRules.postMessage(chat, text: limit, visibility: .everyone, by: .agent(owner), policy: policy)
        // 1,900 flags of two regional-indicator scalars each: 3,800 scalars but only 1,900 characters
        let flags = String(repeating: "🇩🇪", count: 1900)
        #expect(flags.count == 1900 && flags.unicodeScalars.count == 3800)
        _ = try ChatRules.postMessage(chat, text: flags, visibility: .everyone, by: .customer(Fixture.customer), policy: policy)
        #expect(throws: ChatError.messageTooLong(scalars: 3801, limit: 3800)) {
            try ChatRules.postMessage(chat, text: flags + "x", visibility: .everyone, by: .agent(owner), policy: policy)
        }
        // a combining accent is a scalar of its own
        let combining = String(repeating: "e\u{301}", count: 1901)
        #expect(throws: ChatError.messageTooLong(scalars: 3802, limit: 3800)) {
            try ChatRules.postMessage(chat, text: combining, visibility: .everyone, by: .agent(owner), policy: policy)
        }
        #expect(throws: ChatError.messageEmpty) {
            try ChatRules.postMessage(chat, text: " \n\t", visibility: .everyone, by: .agent(owner), policy: policy)
        }
        #expect(throws: ChatError.notPermitted("only agents can write internal messages")) {
            try ChatRules.postMessage(chat, text: "x", visibility: .agents, by: .customer(Fixture.customer), policy: policy)
        }
        #expect(throws: ChatError.notInChat) {
            try ChatRules.postMessage(chat, text: "x", visibility: .everyone, by: .agent(secondOwner), policy: policy)
        }
    }

    @Test("leaving and closing; closed is final")
    func closing() throws {
        let chat = try accepted()
        let customerLeft = Fixture.record(try ChatRules.leave(chat, by: .customer(Fixture.customer)),
            by: .customer(Fixture.customer), on: chat).0
        #expect(customerLeft.state == .closed, "nobody is left to talk to")
        let closed = Fixture.record(try ChatRules.close(chat, by: .agent(owner)), by: .agent(owner.id), on: chat).0
        #expect(closed.state == .closed && closed.closedAt != nil)
        #expect(throws: ChatError.chatClosed) { try ChatRules.close(closed, by: .agent(owner)) }
        #expect(throws: ChatError.chatClosed) { try ChatRules.setMonitoring(closed, to: .allActions, by: owner) }
        #expect(try ChatRules.setMonitoring(chat, to: .allActions, by: owner) == [.monitoringChanged(.allActions)])
        #expect(throws: ChatError.chatClosed) {
            try ChatRules.postMessage(closed, text: "x", visibility: .everyone, by: .agent(owner), policy: policy)
        }
        let agentLeft = Fixture.record(try ChatRules.leave(chat, by: .agent(owner)), by: .agent(owner.id), on: chat).0
        #expect(agentLeft.state == .active)
        #expect(agentLeft.participant(.agent(owner.id))?.state == .left)
    }
}
