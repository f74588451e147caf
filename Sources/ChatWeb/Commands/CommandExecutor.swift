import ChatCore
import ChatEngine
import ChatJSON
import Foundation

/// Runs a `WebCommand` for its caller: one engine use case each, then the answer's JSON (see
/// docs/web-protocol.md). HTTP Subactions and WebSocket commands both end here.
enum CommandExecutor {
    static func execute(_ command: WebCommand, _ request: ActionRequest) async throws -> JSON {
        let service = request.service
        let id = request.commandID
        switch command {
        case .requestChatAsNewVisitor(let name, let channel, let message):
            return try await newVisitorRequest(name: name, channel: channel, message: message, request)
        case .offeredChannels:
            return ["Channels": try await offeredChannels(request)]
        default:
            break
        }
        let me = try request.person()
        let feed = ViewerFeed(env: request.env, interface: request.caller.interface, viewer: me, language: request.chatLanguage)
        switch command {
        case .snapshot:
            return try await feed.snapshot().data
        case .agentRequests(let filter):
            let agent = try request.agent()
            if let filter { try await service.setRequestFilter(filter, for: agent) }
            return ["Requests": try await feed.requests(of: agent)]
        case .startChat(let partner, let message):
            return try await service.startChat(by: try request.agent(), with: partner, firstMessage: message, commandID: id).json
        case .accept(let chat):
            return try await service.accept(chat, by: me, commandID: id).json
        case .decline(let chat):
            let result = try await service.decline(chat, by: me, commandID: id)
            if result.events.isEmpty && me.isAgent { request.env.hub.send(.requestsChanged, to: [me]) }  // hidden for this agent
            return result.json
        case .postMessage(let chat, let text, let visibility):
            return try await service.postMessage(chat, text: text, visibility: visibility, by: me, commandID: id).json
        case .changeChannel(let chat, let channel):
            return try await service.changeChannel(chat, to: channel, by: me, commandID: id).json
        case .agentChannels:
            return ["Channels": try await feed.channels(for: try request.agent())]
        case .chooseChannels(let channels):
            let agent = try request.agent()
            try await service.chooseChannels(channels, for: agent)
            return ["Channels": try await feed.channels(for: agent)]
        case .invite(let chat, let agent):
            return try await service.invite(chat, agent: agent, by: me, commandID: id).json
        case .inviteList(let chat):
            return ["Agents": try await inviteList(chat, me, request)]
        case .takeRole(let chat, let role):
            return try await service.takeRole(role, in: chat, by: try request.agent(), commandID: id).json
        case .monitor(let chat, let level):
            return try await service.setMonitoring(chat, to: level, by: try request.agent(), commandID: id).json
        case .leave(let chat):
            return try await service.leave(chat, by: me, commandID: id).json
        case .leaveIfPresent(let chat):
            return try await service.leaveIfPresent(chat, by: me, commandID: id).json
        case .close(let chat):
            return try await service.close(chat, by: me, commandID: id).json
        case .blockVisitor(let chat):
            return try await service.blockVisitor(in: chat, by: try request.agent(), commandID: id).json
        case .availability:
            return ["Availability": .string(try await service.agentContext(try request.agent()).availability.rawValue)]
        case .setAvailability(let availability):
            let agent = try request.agent()
            try await service.setAvailability(availability, for: agent)
            service.presence.input(me, at: service.now())
            return ["Availability": .string(try await service.agentContext(agent).availability.rawValue)]
        case .setChatOrder(let order):
            try await service.setChatOrder(order, for: try request.agent())
            return ["ChatOrder": .string(order.rawValue)]
        case .setSound(let on):
            try await request.env.engine.account.setSound(on, for: try request.agent())
            return ["Sound": .bool(on)]
        case .onlineUsers:
            return try await onlineUsers(request)
        case .permissionLevel(let chatID):
            let chat = try await service.readableChat(chatID, by: me)
            return ["PermissionLevel": chat.activeParticipant(me).map { .string($0.role.rawValue) } ?? .null]
        case .history(let chatID, let after, let limit):
            let (chat, events, ticket) = try await request.env.engine.tickets.history(chatID, after: after, for: me, limit: limit,
                language: feed.language)
            return ["Chat": try await feed.presenter.chat(chat), "Events": feed.presenter.events(events),
                    "Ticket": ticket.map(ChatTicketAnswers.link) ?? .null]
        case .closedChats(let search):
            return ["Chats": .array(try await feed.summaries(try await service.closedChats(for: me, search: search, limit: 50)))]
        case .phoneTicketForm(let chat):
            return ChatTicketAnswers.form(try await request.env.engine.tickets.phoneTicketForm(chat, by: try request.agent()))
        case .createPhoneTicket(let chat, let form):
            return ChatTicketAnswers.outcome(try await request.env.engine.tickets.createPhoneTicket(from: chat, form,
                by: try request.agent(), commandID: id))
        case .ticketSearch(let text):
            let tickets = try await request.env.engine.tickets.search(text, by: try request.agent(), writableOnly: true, limit: 20)
            return ["Tickets": .array(tickets.map(ChatTicketAnswers.summary))]
        case .ticketFromChat(let chat):
            guard case .customer(let customer) = me else { throw WebError.noSession }
            let ticket = try await request.env.engine.tickets.createTicket(fromChat: chat, by: customer, commandID: id)
            return ["TicketID": .int(ticket.id.rawValue), "TicketNumber": .string(ticket.number)]
        case .appendToTicket(let chat, let ticket):
            return ChatTicketAnswers.outcome(try await request.env.engine.tickets.appendChat(chat, to: ticket,
                by: try request.agent(), commandID: id))
        case .requestChat(let channel, let message):
            try await service.admitChatRequest(by: me, clientAddress: request.caller.clientAddress)
            if case .customer(let customer) = me, request.env.engine.tickets.preTicketChat {
                return try await request.env.engine.tickets.requestPreTicketChat(by: customer, description: message, commandID: id).json
            }
            return try await service.requestChat(by: me, channel: channel, firstMessage: message, commandID: id).json
        case .chatOverview:
            return ["Chats": .array(try await feed.summaries(try await service.chatOverview(for: me)))]
        case .invitations:
            return ["Requests": .array(try await feed.summaries(try await service.invitations(for: me)))]
        case .events(let since, let wait):
            return try await LongPoll.events(since: since, wait: wait, for: me, request)
        case .typing(let chat, let isInternal):
            service.presence.input(me, at: service.now())
            await request.env.hub.typing(in: chat, by: me, internal: isInternal)
            return [:]
        case .heartbeat(let input):
            if input { service.presence.input(me, at: service.now()) } else { service.presence.heartbeat(me, at: service.now()) }
            return [:]
        case .requestChatAsNewVisitor, .offeredChannels:
            throw WebError.unknownSubaction(request.subaction)  // answered above
        }
    }

    /// A visitor's first request: the abuse checks (blocked ranges and blocks, the per-IP limit), then the
    /// engine records visitor and chat together.
    private static func newVisitorRequest(name: String, channel: ChannelID?, message: String?, _ request: ActionRequest)
        async throws -> JSON
    {
        try await request.service.admitChatRequest(by: nil, clientAddress: request.caller.clientAddress)
        let created = try await request.service.requestChatAsNewVisitor(name: name, channel: channel, firstMessage: message,
            commandID: request.commandID, clientAddress: request.caller.clientAddress)
        return ["ChatID": .int(created.result.chat.id.rawValue), "Seq": .int(created.result.acknowledgedSeq),
                "VisitorToken": .string(created.token)]
    }

    private static func offeredChannels(_ request: ActionRequest) async throws -> JSON {
        let requester: ChatService.Requester = request.caller.interface == .customer ? .customer : .visitor
        return .array(try await request.service.channelsOffered(to: requester).map { item in
            ["ChatChannelID": .int(item.channel.id.rawValue), "Name": .string(item.channel.name), "Staffed": .bool(item.isStaffed)]
        })
    }

    private static func inviteList(_ chat: ChatID, _ me: Person, _ request: ActionRequest) async throws -> JSON {
        var items: [JSON] = []
        for agent in try await request.env.engine.directory.invitableAgents(into: chat, by: me) {
            items.append([
                "UserID": .int(agent.id.rawValue), "Login": .string(agent.login), "Name": .string(agent.fullName),
                "Presence": .string(await request.service.currentPresence(of: .agent(agent.id)).rawValue),
            ])
        }
        return .array(items)
    }

    /// The people-online panel: every valid agent with status, and the customer users with a live tab.
    private static func onlineUsers(_ request: ActionRequest) async throws -> JSON {
        let online = try await request.env.engine.directory.peopleOnline()
        let agents: [JSON] = online.agents.map { agent, presence in
            ["UserID": .int(agent.id.rawValue), "Login": .string(agent.login), "Name": .string(agent.fullName),
             "Presence": .string(presence.rawValue), "Availability": .string(agent.availability.rawValue)]
        }
        let customers: [JSON] = online.customers.map { customer, presence in
            ["UserID": .int(customer.id.rawValue), "Login": .string(customer.login), "Name": .string(customer.fullName),
             "Presence": .string(presence.rawValue)]
        }
        return ["Agents": .array(agents), "Customers": .array(customers)]
    }
}

extension AppendResult {
    /// The `{ChatID, Seq}` answer of every command: the sequence number the server acknowledged.
    var json: JSON {
        ["ChatID": .int(chat.id.rawValue), "Seq": .int(duplicateOf ?? events.last?.seq ?? chat.lastSeq)]
    }
}
