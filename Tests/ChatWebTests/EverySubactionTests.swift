import ChatCore
import ChatJSON
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// The Subactions the flow tests do not walk through, each in a test of its own.
@Suite("Every remaining Subaction answers", .timeLimit(.minutes(2)))
struct EverySubactionTests {
    // MARK: - shared steps

    /// A channel in the group `users` added by an admin through AdminChatChannel; its ID as the agent's list shows it.
    static func addChannel(_ name: String, by admin: WebSession, _ client: any TestClientProtocol) async throws -> String {
        let added = try await admin.post(client, "AdminChatChannel", "AddAction",
            ["Name": name, "GroupID": "users", "ValidID": "1", "Comment": ""])
        #expect(added.status == .ok, "adding the channel \(name)")
        let channels = try await admin.post(client, "AgentChat", "Channels", challenge: false)
        let channel = try #require(channels.json.data?["Channels"]?.array.first { $0["Name"] == .string(name) })
        return try #require(channel["ChatChannelID"]?.stringValue)
    }

    /// A visitor's request in a given channel.
    static func visitorRequest(_ client: any TestClientProtocol, name: String, channel: String) async throws -> String {
        let created = try await WebSession.visitor.post(client, "PublicChat", "CreateChatRequest",
            ["Name": name, "Message": "Hello", "ChatChannelID": channel])
        #expect(created.status == .ok, "\(created.json.text)")
        return try #require(created.json.data?["ChatID"]?.stringValue)
    }

    static func chatIDs(_ list: JSON?) -> [String] {
        (list?.array ?? []).compactMap { $0["ChatID"]?.stringValue }
    }

    static func snapshot(_ agent: WebSession, _ client: any TestClientProtocol) async throws -> JSON {
        let answer = try await agent.post(client, "AgentChat", "ChatListUpdate", challenge: false)
        #expect(answer.status == .ok, "\(answer.json.text)")
        return answer.json.data ?? .null
    }

    static func customer(_ harness: WebHarness, _ client: any TestClientProtocol) async throws -> WebSession {
        try await WebSession.login(client, .customer, harness.credentials.customerLogin, harness.credentials.customerPassword)
    }

    // MARK: - AgentChat

    @Test("ChatListUpdate: the agent, their availability, a waiting request, no active chats, the channel")
    func snapshotAndLists() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let (_, chat) = try await Flow.visitorRequest(client)
            let snapshot = try await Self.snapshot(agent, client)
            #expect(snapshot["Me"]?["Name"] == "Admin OTRS")
            #expect(snapshot["Me"]?["Availability"] == "external")
            #expect(Self.chatIDs(snapshot["Requests"]?["Public"]) == [chat])
            #expect(snapshot["Requests"]?["Customer"]?.array.isEmpty == true)
            #expect(snapshot["Requests"]?["Personal"]?.array.isEmpty == true)
            #expect(snapshot["ActiveChats"]?.array.isEmpty == true)
            #expect(snapshot["Channels"]?.array.count == 1)
            let requests = try await agent.post(client, "AgentChat", "ChatGetOpenRequests")
            #expect(Self.chatIDs(requests.json.data?["Requests"]?["Public"]) == [chat])
            #expect(try await agent.post(client, "AgentChat", "GetAvailability", challenge: false).json.data?["Availability"] == "external")
        }
    }

    @Test("Channels: the default channel, staffed, counts as mine while none is chosen; MyChannels chooses")
    func channelsAndMyChannels() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let channels = try await agent.post(client, "AgentChat", "Channels", challenge: false)
            let channel = try #require(channels.json.data?["Channels"]?.array.first)
            #expect(channels.json.data?["Channels"]?.array.count == 1)
            #expect(channel["Default"] == .bool(true) && channel["Staffed"] == .bool(true) && channel["Mine"] == .bool(true))
            let defaultID = try #require(channel["ChatChannelID"]?.stringValue)
            let secondID = try await Self.addChannel("Second level", by: agent, client)
            let mine = try await agent.post(client, "AgentChat", "MyChannels", ["ChatChannelIDs": defaultID])
            #expect(mine.status == .ok)
            func isMine(_ list: JSON?) -> [String: JSON] {
                Dictionary(uniqueKeysWithValues: (list?.array ?? []).compactMap { item in
                    item["ChatChannelID"]?.stringValue.map { ($0, item["Mine"] ?? .null) }
                })
            }
            #expect(isMine(mine.json.data?["Channels"]) == [defaultID: .bool(true), secondID: .bool(false)])
            // kept: the next read says the same
            let again = try await agent.post(client, "AgentChat", "Channels", challenge: false)
            #expect(isMine(again.json.data?["Channels"]) == [defaultID: .bool(true), secondID: .bool(false)])
            #expect(try await agent.post(client, "AgentChat", "MyChannels", ["ChatChannelIDs": "\(defaultID),\(secondID)"]).status == .ok)
            let both = try await agent.post(client, "AgentChat", "Channels", challenge: false)
            #expect(isMine(both.json.data?["Channels"]) == [defaultID: .bool(true), secondID: .bool(true)])
        }
    }

    @Test("the request filter: Mine shows only requests in the agent's channels, All every one; the snapshot reports it")
    func requestFilter() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let channels = try await agent.post(client, "AgentChat", "Channels", challenge: false)
            let defaultID = try #require(channels.json.data?["Channels"]?.array.first?["ChatChannelID"]?.stringValue)
            let secondID = try await Self.addChannel("Second level", by: agent, client)
            let inDefault = try await Self.visitorRequest(client, name: "Ann", channel: defaultID)
            let inSecond = try await Self.visitorRequest(client, name: "Bob", channel: secondID)
            #expect(try await agent.post(client, "AgentChat", "MyChannels", ["ChatChannelIDs": defaultID]).status == .ok)
            #expect(try await Self.snapshot(agent, client)["Me"]?["ChannelFilter"] == "All")

            let mine = try await agent.post(client, "AgentChat", "ChatGetOpenRequests", ["Filter": "Mine"])
            #expect(Self.chatIDs(mine.json.data?["Requests"]?["Public"]) == [inDefault])
            var snapshot = try await Self.snapshot(agent, client)
            #expect(snapshot["Me"]?["ChannelFilter"] == "Mine")
            #expect(Self.chatIDs(snapshot["Requests"]?["Public"]) == [inDefault])
            // without a Filter parameter the choice stays
            let unchanged = try await agent.post(client, "AgentChat", "ChatGetOpenRequests")
            #expect(Self.chatIDs(unchanged.json.data?["Requests"]?["Public"]) == [inDefault])

            let all = try await agent.post(client, "AgentChat", "ChatGetOpenRequests", ["Filter": "All"])
            #expect(Set(Self.chatIDs(all.json.data?["Requests"]?["Public"])) == [inDefault, inSecond])
            snapshot = try await Self.snapshot(agent, client)
            #expect(snapshot["Me"]?["ChannelFilter"] == "All")
            #expect(Set(Self.chatIDs(snapshot["Requests"]?["Public"])) == [inDefault, inSecond])
        }
    }

    @Test("declining a general request hides it for this agent only; another agent still sees and accepts it")
    func declineGeneralRequest() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            _ = try await harness.addAgent("second", first: "Sam", last: "Second")
            let second = try await Flow.externalAgent(harness, client, login: "second", password: "secret-second")
            let (_, chat) = try await Flow.visitorRequest(client)
            #expect(try await agent.post(client, "AgentChat", "DeclineRequest", ["ChatID": chat]).json.ok)
            let after = try await agent.post(client, "AgentChat", "ChatGetOpenRequests")
            #expect(after.json.data?["Requests"]?["Public"]?.array.isEmpty == true)
            #expect(Self.chatIDs(try await Self.snapshot(agent, client)["Requests"]?["Public"]).isEmpty)
            let others = try await second.post(client, "AgentChat", "ChatGetOpenRequests")
            #expect(Self.chatIDs(others.json.data?["Requests"]?["Public"]) == [chat])
            #expect(try await second.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
        }
    }

    @Test("UpdateChatOrder: kept per agent, reported as Me.ChatOrder, and orders ActiveChats (Append oldest first)")
    func chatOrder() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let (_, older) = try await Flow.visitorRequest(client, name: "Ann")
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": older]).json.ok)
            let (_, newer) = try await Flow.visitorRequest(client, name: "Bob")
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": newer]).json.ok)

            var snapshot = try await Self.snapshot(agent, client)
            #expect(snapshot["Me"]?["ChatOrder"] == "Append", "ChatEngine::ChatOrder's default")
            #expect(Self.chatIDs(snapshot["ActiveChats"]) == [older, newer])

            let changed = try await agent.post(client, "AgentChat", "UpdateChatOrder", ["ChatOrder": "Prepend"])
            #expect(changed.json.data?["ChatOrder"] == "Prepend")
            snapshot = try await Self.snapshot(agent, client)
            #expect(snapshot["Me"]?["ChatOrder"] == "Prepend")
            #expect(Self.chatIDs(snapshot["ActiveChats"]) == [newer, older])

            // the agent's, not the browser's: a new login of the same agent sees it, another agent does not
            let relogin = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            #expect(try await Self.snapshot(relogin, client)["Me"]?["ChatOrder"] == "Prepend")
            let page = try await relogin.get(client, "Action=AgentChat")
            #expect(WebSession.pageConfig(String(buffer: page.body))?["Settings"]?["ChatOrder"] == "Prepend")
            _ = try await harness.addAgent("second", first: "Sam", last: "Second")
            let second = try await WebSession.login(client, .agent, "second", "secret-second")
            #expect(try await Self.snapshot(second, client)["Me"]?["ChatOrder"] == "Append")

            #expect(try await agent.post(client, "AgentChat", "UpdateChatOrder", ["ChatOrder": "Append"]).json.data?["ChatOrder"] == "Append")
            snapshot = try await Self.snapshot(agent, client)
            #expect(snapshot["Me"]?["ChatOrder"] == "Append")
            #expect(Self.chatIDs(snapshot["ActiveChats"]) == [older, newer])
        }
    }

    @Test("AgentChatAvailability: read without a token, changed only with one")
    func agentChatAvailability() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            func read() async throws -> JSON? {
                let answer = try await agent.get(client, "Action=AgentChatAvailability")
                #expect(answer.status == .ok)
                return JSON.parse(String(buffer: answer.body))?.data?["Availability"]
            }
            #expect(try await read() == "external")
            let set = try await agent.post(client, "AgentChatAvailability", "SetAvailability", ["Availability": "internal"])
            #expect(set.json.data?["Availability"] == "internal")
            #expect(try await read() == "internal")
            let forged = try await agent.post(client, "AgentChatAvailability", "SetAvailability", ["Availability": "external"],
                challenge: false)
            #expect(forged.status == .forbidden && forged.json.errorCode == "ChallengeToken")
            #expect(try await read() == "internal", "unchanged by the forged request")
        }
    }

    @Test("AgentChatPopup: the page for a chat the agent may read; refused for an unknown chat")
    func agentChatPopup() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let (_, chat) = try await Flow.visitorRequest(client)
            let popup = try await agent.get(client, "Action=AgentChatPopup;ChatID=\(chat)")
            #expect(popup.status == .ok)
            #expect(WebSession.pageConfig(String(buffer: popup.body))?["ChatID"]?.stringValue == chat)
            #expect(try await agent.get(client, "Action=AgentChatPopup;ChatID=999").status == .forbidden, "as for a foreign chat")
        }
    }

    // MARK: - CustomerChat

    @Test("CustomerChat: Channels lists the staffed channel; ChatScreen lets the customer choose channels")
    func customerChannelsAndScreen() async throws {
        try await WebHarness.with { harness, client async throws in
            let customer = try await Self.customer(harness, client)
            // nobody staffs the channel yet (AvailabilityCheck): none to choose
            let unstaffed = try await customer.post(client, "CustomerChat", "Channels", challenge: false)
            #expect(unstaffed.json.data?["Channels"]?.array.isEmpty == true)
            _ = try await Flow.externalAgent(harness, client)
            let channels = try await customer.post(client, "CustomerChat", "Channels", challenge: false)
            #expect(channels.json.data?["Channels"]?.array.count == 1)
            #expect(channels.json.data?["Channels"]?.array.first?["Staffed"] == .bool(true))
            let screen = try await customer.get(client, "Action=CustomerChat;Subaction=ChatScreen")
            #expect(screen.status == .ok)
            #expect(WebSession.pageConfig(String(buffer: screen.body))?["Settings"]?["AllowChannels"] == .bool(true))
        }
    }

    @Test("a customer declines an agent's request: it leaves their requests and the chat ends")
    func customerDeclinesAgentRequest() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let customer = try await Self.customer(harness, client)
            let started = try await agent.post(client, "AgentChat", "ChatStart",
                ["UserType": "Customer", "UserID": harness.credentials.customerLogin, "Message": "Hi"])
            let chat = try #require(started.json.data?["ChatID"]?.stringValue)
            let before = try await customer.post(client, "CustomerChat", "ChatGetOpenRequests", challenge: false)
            #expect(Self.chatIDs(before.json.data?["Requests"]) == [chat])
            #expect(try await customer.post(client, "CustomerChat", "DeclineRequest", ["ChatID": chat]).json.ok)
            let after = try await customer.post(client, "CustomerChat", "ChatGetOpenRequests", challenge: false)
            #expect(after.json.data?["Requests"]?.array.isEmpty == true)
            let overview = try await customer.post(client, "CustomerChat", "ChatOverview", challenge: false)
            #expect(overview.json.data?["Chats"]?.array.first { $0["ChatID"]?.stringValue == chat }?["State"] == "closed")
            #expect(try await customer.post(client, "CustomerChat", "DeclineRequest", ["ChatID": chat]).json.errorCode != nil, "already ended")
        }
    }

    @Test("a customer leaves their chat; ChatCompleted afterwards changes nothing")
    func customerLeaveAndCompleted() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let customer = try await Self.customer(harness, client)
            let own = try await customer.post(client, "CustomerChat", "CreateChatRequest", ["Message": "Question"])
            let chat = try #require(own.json.data?["ChatID"]?.stringValue)
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
            let left = try await customer.post(client, "CustomerChat", "ChatLeave", ["ChatID": chat])
            #expect(left.json.ok)
            let leftSeq = try #require(left.json.data?["Seq"]?.int)
            let history = try await agent.post(client, "AgentChat", "ChatHistory", ["ChatID": chat], challenge: false)
            #expect(history.json.data?["Events"]?.array.last?["Seq"]?.int == leftSeq)
            let completed = try await customer.post(client, "CustomerChat", "ChatCompleted", ["ChatID": chat])
            #expect(completed.json.data?["Seq"]?.int == leftSeq)
            let unchanged = try await agent.post(client, "AgentChat", "ChatHistory", ["ChatID": chat], challenge: false)
            #expect(unchanged.json.data?["Events"]?.array.last?["Seq"]?.int == leftSeq)
        }
    }

    // MARK: - PublicChat

    @Test("PublicChat: Channels lists the channel once it is staffed")
    func publicChannels() async throws {
        try await WebHarness.with { harness, client async throws in
            let unstaffed = try await WebSession.visitor.post(client, "PublicChat", "Channels")
            #expect(unstaffed.status == .ok && unstaffed.json.data?["Channels"]?.array.isEmpty == true)
            _ = try await Flow.externalAgent(harness, client)
            let channels = try await WebSession.visitor.post(client, "PublicChat", "Channels")
            #expect(channels.json.data?["Channels"]?.array.count == 1)
        }
    }

    @Test("PublicChat: a resent CreateChatRequest with the same CommandID gets the same visitor and chat")
    func publicResend() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let first = try await WebSession.visitor.post(client, "PublicChat", "CreateChatRequest",
                ["Name": "Resender", "Message": "Hi", "CommandID": "c-2d0b6a4e-8f31-4c7a-b9e2-51a7c3d9f604"])
            let again = try await WebSession.visitor.post(client, "PublicChat", "CreateChatRequest",
                ["Name": "Resender", "Message": "Hi", "CommandID": "c-2d0b6a4e-8f31-4c7a-b9e2-51a7c3d9f604"])
            let chat = try #require(first.json.data?["ChatID"]?.stringValue)
            #expect(again.json.data?["ChatID"] == first.json.data?["ChatID"], "\(first.json.text) then \(again.json.text)")
            #expect(again.json.data?["Seq"] == first.json.data?["Seq"])
            // the answer's token (a fresh one: only the first one's hash was kept) is the same visitor's: it reads the chat
            var resender = WebSession.visitor
            resender.visitorToken = try #require(again.json.data?["VisitorToken"]?.stringValue)
            let read = try await resender.post(client, "PublicChat", "ChatUpdate", ["ChatID": chat])
            #expect(read.status == .ok && Flow.texts(read.json).contains("Hi"), "\(read.json.text)")
            // one request waiting, not two
            let requests = try await agent.post(client, "AgentChat", "ChatGetOpenRequests")
            #expect(Self.chatIDs(requests.json.data?["Requests"]?["Public"]) == [chat])
            // another CommandID is another request
            let other = try await WebSession.visitor.post(client, "PublicChat", "CreateChatRequest",
                ["Name": "Resender", "Message": "Hi", "CommandID": "first-2"])
            #expect(other.json.data?["ChatID"] != nil && other.json.data?["ChatID"] != first.json.data?["ChatID"])
        }
    }

    @Test("PublicChat: a visitor leaves their chat; the ChatScreen page is served")
    func publicLeaveAndScreen() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let (visitor, chat) = try await Flow.visitorRequest(client)
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
            let left = try await visitor.post(client, "PublicChat", "ChatLeave", ["ChatID": chat])
            #expect(left.json.ok)
            let history = try await agent.post(client, "AgentChat", "ChatHistory", ["ChatID": chat], challenge: false)
            #expect(history.json.data?["Events"]?.array.last?["Seq"] == left.json.data?["Seq"])
            let page = try await client.execute(uri: "/otrs/public.pl?Action=PublicChat;Subaction=ChatScreen", method: .get)
            #expect(page.status == .ok)
            #expect(WebSession.pageConfig(String(buffer: page.body))?["Interface"] == "Public")
        }
    }
}
