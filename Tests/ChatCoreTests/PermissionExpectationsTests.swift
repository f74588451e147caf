import Testing

@testable import ChatCore

/// The permission rules against expectations written out by hand from the seeds (OTRS Business
/// Solution chat, OTRS 7 manual) and the issue, independently of ChatCore's own code. Every combination
/// of: the acting agent's chat permission on the channel's group (none, observer, participant, owner) x
/// action x ChatEngine::Active x each of the four direction switches x AvailabilityCheck x channel
/// staffed x `ro` on the PermissionGroup groups x the agent's availability.
@Suite("Permission expectations table")
struct PermissionExpectationsTests {
    enum Action: String, CaseIterable {
        case visitorRequests, customerRequests, agentStartsWithAgent, agentStartsWithCustomer
        case acceptGenericRequest, acceptPersonalRequest, moveRequestToOtherChannel
        case joinAsObserver, joinAsParticipant, inviteThisAgent, writeToEveryoneAfterJoining
    }

    struct Case: CustomStringConvertible {
        var level: ChatPermissionLevel?
        var action: Action
        var active: Bool
        var directions: Set<ChatDirection>
        var availabilityCheck: Bool
        var staffed: Bool
        var ro: Bool
        var availability: ChatAvailability

        var description: String {
            "\(action) level=\(level.map { "\($0)" } ?? "none") active=\(active) directions=\(directions.map(\.rawValue).sorted()) "
                + "check=\(availabilityCheck) staffed=\(staffed) ro=\(ro) availability=\(availability)"
        }
    }

    /// The hand-written expectations: one line of reasoning per action, from the seeds.
    static func expected(_ c: Case) -> Bool {
        let on = { (d: ChatDirection) in c.directions.contains(d) }
        switch c.action {
        // "Controls whether or not public users should be able to start chats"; AvailabilityCheck: "only
        // selectable ... if at least one agent with sufficient permissions is available in this channel".
        case .visitorRequests: return c.active && on(.publicToAgent) && (!c.availabilityCheck || c.staffed)
        case .customerRequests: return c.active && on(.customerToAgent) && (!c.availabilityCheck || c.staffed)
        // "at least ro permissions to the groups set up in ... ChatStartingAgents"; the switch's internal
        // state allows agent-to-agent chats, external is needed for customers.
        case .agentStartsWithAgent: return c.active && on(.agentToAgent) && c.ro && c.availability != .unavailable
        case .agentStartsWithCustomer: return c.active && on(.agentToCustomer) && c.ro && c.availability == .external
        // "CHAT_OWNER ... will be able to accept chat customer/public requests"; "ro ... ChatReceivingAgents";
        // customer and public chats need the external state.
        case .acceptGenericRequest: return c.active && c.level == .owner && c.ro && c.availability == .external
        // A personal request is answered by its target, who must be able to receive chats at all.
        case .acceptPersonalRequest: return c.active && c.ro && c.availability != .unavailable
        // "Changing the channel will follow the same rules as creating new request: you can only move the
        // request to a channel which has active agents in it" (always, whatever AvailabilityCheck says).
        case .moveRequestToOtherChannel: return c.level == .owner && c.staffed
        // "CHAT_OBSERVER ... only be able to observe chats ... after they have been invited";
        // "CHAT_PARTICIPANT ... take part in a chat, but only after they get invited".
        case .joinAsObserver: return c.level != nil
        case .joinAsParticipant: return c.level == .participant || c.level == .owner
        // "You can select from a list of available agents": an agent with a chat permission who is
        // available for chats can be invited.
        case .inviteThisAgent: return c.level != nil && c.availability != .unavailable
        // Observers "will only be able to read what others are contributing"; participants contribute.
        case .writeToEveryoneAfterJoining: return c.level == .participant || c.level == .owner
        }
    }

    /// What ChatCore decides for the same case.
    static func actual(_ c: Case) -> Bool {
        let policy = ChatPolicy(active: c.active, enabledDirections: c.directions, publicAvailabilityCheck: c.availabilityCheck,
            customerAvailabilityCheck: c.availabilityCheck, receivingGroup: "users", startingGroup: "users")
        let me = Fixture.agent(1, level: c.level, ro: c.ro, availability: c.availability)
        let colleague = Fixture.agent(2, level: .owner, availability: .external)
        let channel = Fixture.sales
        do {
            switch c.action {
            case .visitorRequests:
                _ = try ChatRules.create(target: .channel, in: channel, channelStaffed: c.staffed,
                    by: .visitor(Fixture.visitor), firstMessage: "Hello", policy: policy)
            case .customerRequests:
                _ = try ChatRules.create(target: .channel, in: channel, channelStaffed: c.staffed,
                    by: .customer(Fixture.customer), firstMessage: nil, policy: policy)
            case .agentStartsWithAgent:
                _ = try ChatRules.create(target: .agent(colleague.id), in: channel, channelStaffed: c.staffed,
                    by: .agent(me), targetAgent: colleague, firstMessage: "Hi", policy: policy)
            case .agentStartsWithCustomer:
                _ = try ChatRules.create(target: .customer(Fixture.customer), in: channel, channelStaffed: c.staffed,
                    by: .agent(me), firstMessage: "Hi", policy: policy)
            case .acceptGenericRequest:
                _ = try ChatRules.accept(Fixture.customerRequest(), in: channel, by: .agent(me), policy: policy)
            case .acceptPersonalRequest:
                let (request, _) = Fixture.chat([(.agent(colleague.id), .created(channel: channel.id, target: .agent(me.id)))])
                _ = try ChatRules.accept(request, in: channel, by: .agent(me), policy: policy)
            case .moveRequestToOtherChannel:
                _ = try ChatRules.changeChannel(Fixture.customerRequest(), from: channel, to: Fixture.support,
                    targetStaffed: c.staffed, by: .agent(me))
            case .joinAsObserver, .joinAsParticipant, .writeToEveryoneAfterJoining:
                let invited = try invitedChat(me: me, colleague: colleague, policy: policy)
                let role: ParticipantRole = c.action == .joinAsObserver ? .observer : .participant
                let kinds = try ChatRules.join(invited, in: channel, as: role, by: me)
                if c.action == .writeToEveryoneAfterJoining {
                    let joined = Fixture.record(kinds, by: .agent(me.id), on: invited).0
                    _ = try ChatRules.postMessage(joined, text: "Hello", visibility: .everyone, by: .agent(me), policy: policy)
                }
            case .inviteThisAgent:
                let active = try acceptedChat(by: colleague)
                _ = try ChatRules.invite(active, in: channel, invitee: me, by: .agent(colleague))
            }
            return true
        } catch {
            return false
        }
    }

    /// A customer's request accepted by `owner`, built with permissive rules (the setup is not under test).
    static func acceptedChat(by owner: AgentContext) throws -> Chat {
        let open = ChatPolicy()
        let request = Fixture.customerRequest()
        return Fixture.record(try ChatRules.accept(request, in: Fixture.sales, by: .agent(owner), policy: open),
            by: .agent(owner.id), on: request).0
    }

    /// `me` invited into an accepted chat (recorded directly: the invitation itself is not under test here).
    static func invitedChat(me: AgentContext, colleague: AgentContext, policy: ChatPolicy) throws -> Chat {
        Fixture.record([.invited(agent: me.id)], by: .agent(colleague.id), on: try acceptedChat(by: colleague)).0
    }

    static var allCases: [Case] {
        var cases: [Case] = []
        let directionSets: [Set<ChatDirection>] = (0..<16).map { mask in
            Set(ChatDirection.allCases.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
        }
        for action in Action.allCases {
            for level in [nil] + ChatPermissionLevel.allCases.map(Optional.some) {
                for active in [false, true] {
                    for directions in directionSets {
                        for check in [false, true] {
                            for staffed in [false, true] {
                                for ro in [false, true] {
                                    for availability in ChatAvailability.allCases {
                                        cases.append(Case(level: level, action: action, active: active,
                                            directions: directions, availabilityCheck: check, staffed: staffed,
                                            ro: ro, availability: availability))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return cases
    }

    @Test("every combination matches the hand-written expectations")
    func table() {
        let cases = Self.allCases
        #expect(cases.count == Action.allCases.count * 4 * 2 * 16 * 2 * 2 * 2 * 3)
        var mismatches: [String] = []
        var allowedCount = 0
        for c in cases {
            let expected = Self.expected(c)
            if expected { allowedCount += 1 }
            if Self.actual(c) != expected { mismatches.append("\(c): expected \(expected ? "allowed" : "refused")") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first:\n\(mismatches.prefix(10).joined(separator: "\n"))")
        // the table exercises both outcomes of every action
        for action in Action.allCases {
            let outcomes = Set(cases.filter { $0.action == action }.map(Self.expected))
            #expect(outcomes == [true, false], "\(action)")
        }
        #expect(allowedCount > 0)
    }
}
