import ChatCore
import ChatEngine
import ChatJSON
import Foundation

/// What one viewer's screen shows: the snapshot (requests, chats, availability) and, per chat, the events
/// after what the screen has. The WebSocket and long polling both serve exactly these frames.
struct ViewerFeed: Sendable {
    let env: WebEnvironment
    let interface: Interface
    let viewer: Person
    /// The viewer's language for system lines (`ActionRequest.chatLanguage`; agents read English).
    var language: ChatLanguage = .english

    var service: ChatService { env.service }
    var presenter: ChatPresenter { ChatPresenter(service: service, viewer: viewer, language: language) }

    /// The chats whose events this viewer receives: every open chat they are in (invited or active).
    func openChats() async throws -> [Chat] {
        try await service.openChats(of: viewer)
    }

    func snapshot() async throws -> (data: JSON, chats: [Chat]) {
        let open = try await openChats()
        switch viewer {
        case .agent(let agent):
            let active = try await service.activeChats(for: agent)
            let context = try await service.agentContext(agent)
            let preferences = try await service.preferences(of: agent)
            let name = try await env.engine.directory.name(of: viewer)
            let data: JSON = [
                "Me": [
                    "UserID": .int(agent.rawValue), "Name": .string(name),
                    "Availability": .string(context.availability.rawValue),
                    "ChannelFilter": .string(preferences.requestFilter.rawValue),
                    "ChatOrder": .string(service.chatOrder(given: preferences).rawValue),
                ],
                "Requests": try await requests(of: agent),
                "ActiveChats": .array(try await summaries(active)),
                "Channels": try await channels(for: agent),
            ]
            return (data, open)
        case .customer, .visitor:
            let mine = open.filter { !($0.state == .request && $0.participant(viewer)?.state == .invited) }
            let invitations = open.filter { $0.state == .request && $0.participant(viewer)?.state == .invited }
            let name = try await env.engine.directory.name(of: viewer)
            let data: [(String, JSON)] = [
                ("Me", ["Name": .string(name)]),
                ("Chats", .array(try await summaries(mine))),
                ("Requests", .array(try await summaries(invitations))),
            ]
            return (.object(data + WaitingTexts.json(env.settings, isCustomer: interface == .customer)), open)
        }
    }

    /// The agent's three request lists (general requests they may accept, split by requester, and
    /// personal requests and invitations), as their stored filter says and without those they declined.
    func requests(of agent: AgentID) async throws -> JSON {
        let waiting = try await service.requests(for: agent)
        var customer: [JSON] = [], visitor: [JSON] = [], personal: [JSON] = []
        for chat in waiting {
            let summary = try await presenter.chat(chat)
            if chat.target != .channel || chat.participant(.agent(agent))?.state == .invited {
                personal.append(summary)
            } else if case .visitor = chat.requester {
                visitor.append(summary)
            } else {
                customer.append(summary)
            }
        }
        return ["Customer": .array(customer), "Public": .array(visitor), "Personal": .array(personal)]
    }

    func channels(for agent: AgentID) async throws -> JSON {
        .array(try await service.channels(for: agent).map { item in
            [
                "ChatChannelID": .int(item.channel.id.rawValue), "Name": .string(item.channel.name),
                "Staffed": .bool(item.isStaffed), "Mine": .bool(item.isChosen), "Default": .bool(item.isDefault),
            ]
        })
    }

    func summaries(_ chats: [Chat]) async throws -> [JSON] {
        var out: [JSON] = []
        for chat in chats { out.append(try await presenter.chat(chat)) }
        return out
    }

    /// The chat, if this viewer may read it.
    func readableChat(_ id: ChatID) async throws -> Chat? {
        guard let chat = try? await service.chat(id) else { return nil }
        return try await service.mayRead(chat, viewer: viewer) ? chat : nil
    }
}
