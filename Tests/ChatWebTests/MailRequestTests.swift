import ChatCore
import ChatEngine
import ChatJSON
import ChatStore
import ChatTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// "Send me this conversation" through HTTP: `CustomerChatMail` (POST with the challenge token, the customer
/// user's own closed chat, to the address on file) and `PublicChatMail` (the visitor's address for its own chat,
/// set once; that chat only, to that address only; the limits as HTTP 429). What was queued is read from the outbox.
@Suite("Mail requests over HTTP", .timeLimit(.minutes(3)))
struct MailRequestTests {
    static func mailPayloads(_ harness: WebHarness) async throws -> [TranscriptMailPayload] {
        let items = try await harness.env.engine.outbox.items().filter { $0.kind == "mail" }
        var payloads: [TranscriptMailPayload] = []
        // the payloads themselves: the store's rows (the admin list shows kind, key, state and error only)
        for key in items.map(\.idempotencyKey) {
            payloads.append(try TranscriptMailPayload.decode(try #require(try await harness.mailPayload(key))))
        }
        return payloads
    }

    @Test("a customer user's closed chat: the challenge token is needed, POST only, nobody else's chat, one mail per request")
    func customer() async throws {
        try await WebHarness.with("    $Self->{'ChatEngine::Mail::MaxRequestsPerChat'} = '2';") { harness, client async throws in
            let (_, customer, chat) = try await ChatDownloadTests.customerChat(harness, client)

            let forged = try await customer.post(client, "CustomerChatMail", "", ["ChatID": chat], challenge: false)
            #expect(forged.status == .forbidden && forged.json["Error"]?["Code"]?.stringValue == "ChallengeToken")
            let viaGet = try await customer.post(client, "CustomerChatMail", "", ["ChatID": chat], method: .get)
            #expect(viaGet.status == .methodNotAllowed)
            #expect(try await Self.mailPayloads(harness).isEmpty)

            _ = try await harness.env.engine.administration.addCustomerUser(login: "other", customerID: "example",
                email: "other@example.com", firstName: "Otto", lastName: "Other", password: "secret-other")
            let other = try await WebSession.login(client, .customer, "other", "secret-other")
            let foreign = try await other.post(client, "CustomerChatMail", "", ["ChatID": chat, "RequestID": "o-1"])
            let missing = try await other.post(client, "CustomerChatMail", "", ["ChatID": "\(Int64(chat)! + 1000)", "RequestID": "o-2"])
            #expect(foreign.status == .forbidden && foreign.json.text == missing.json.text)

            let sent = try await customer.post(client, "CustomerChatMail", "",
                ["ChatID": chat, "RequestID": "click-1", "TimeZone": "Europe/Berlin"])
            #expect(sent.status == .ok, "\(sent.json.text)")
            #expect(sent.json.data?["Message"]?.stringValue == "We will send the conversation to c***@localhost.")
            #expect(sent.json.data?["New"] == .bool(true))
            let again = try await customer.post(client, "CustomerChatMail", "", ["ChatID": chat, "RequestID": "click-1"])
            #expect(again.status == .ok && again.json.data?["New"] == .bool(false))
            var payloads = try await Self.mailPayloads(harness)
            #expect(payloads.count == 1)
            #expect(payloads.first?.address == "customer@localhost" && payloads.first?.audience == .customer)
            #expect(payloads.first?.chat.rawValue == Int64(chat) && payloads.first?.timeZone == "Europe/Berlin")

            #expect(try await customer.post(client, "CustomerChatMail", "", ["ChatID": chat, "RequestID": "click-2"]).status == .ok)
            let over = try await customer.post(client, "CustomerChatMail", "", ["ChatID": chat, "RequestID": "click-3"])
            #expect(over.status == .tooManyRequests && over.json["Error"]?["Code"]?.stringValue == "TooManyRequests")
            payloads = try await Self.mailPayloads(harness)
            #expect(payloads.count == 2)
        }
    }

    @Test("a visitor: the address set once for its own chat, mail only after the close, only its chat, only to that address")
    func visitor() async throws {
        try await WebHarness.with("    $Self->{'ChatEngine::Mail::MaxVisitorRequestsPerHourPerIP'} = '1';") { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let (vera, chat) = try await Flow.visitorRequest(client, name: "Vera Besucherin", message: "Hallo")
            let bad = try await vera.post(client, "PublicChatMail", "SetAddress", ["ChatID": chat, "Email": "vera at example"])
            #expect(bad.status == .badRequest && bad.json["Error"]?["Code"]?.stringValue == "BadAddress")
            let set = try await vera.post(client, "PublicChatMail", "SetAddress", ["ChatID": chat, "Email": "vera@example.com"])
            #expect(set.status == .ok && set.json.data?["Address"]?.stringValue == "v***@example.com", "\(set.json.text)")
            let changed = try await vera.post(client, "PublicChatMail", "SetAddress", ["ChatID": chat, "Email": "victim@example.org"])
            #expect(changed.status == .conflict && changed.json["Error"]?["Code"]?.stringValue == "AddressFixed")

            let early = try await vera.post(client, "PublicChatMail", "Send", ["ChatID": chat, "RequestID": "v-0"])
            #expect(early.status == .conflict && early.json["Error"]?["Code"]?.stringValue == "ChatNotClosed")
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
            #expect(try await vera.post(client, "PublicChat", "ChatLeave", ["ChatID": chat]).json.ok)
            // the visitor left: the agent still closes it
            _ = try await agent.post(client, "AgentChat", "ChatDiscard", ["ChatID": chat])

            let (eve, eveChat) = try await Flow.visitorRequest(client, name: "Eve")
            let stolen = try await eve.post(client, "PublicChatMail", "Send", ["ChatID": chat, "RequestID": "e-1"])
            #expect(stolen.status == .forbidden, "\(stolen.json.text)")
            let hijack = try await eve.post(client, "PublicChatMail", "SetAddress", ["ChatID": chat, "Email": "eve@example.com"])
            #expect(hijack.status == .forbidden)
            var anonymous = WebSession.visitor
            anonymous.visitorToken = nil
            #expect(try await anonymous.post(client, "PublicChatMail", "Send", ["ChatID": chat]).status == .unauthorized)

            let sent = try await vera.post(client, "PublicChatMail", "Send", ["ChatID": chat, "RequestID": "v-1"])
            #expect(sent.status == .ok && sent.json.data?["Message"]?.stringValue == "We will send the conversation to v***@example.com.",
                "\(sent.json.text)")
            let payloads = try await Self.mailPayloads(harness)
            #expect(payloads.count == 1 && payloads.first?.address == "vera@example.com" && payloads.first?.audience == .visitor)

            // a second chat from the same address is over the hourly limit (1)
            #expect(try await eve.post(client, "PublicChatMail", "SetAddress", ["ChatID": eveChat, "Email": "eve@example.com"]).status == .ok)
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": eveChat]).json.ok)
            _ = try await agent.post(client, "AgentChat", "ChatDiscard", ["ChatID": eveChat])
            let limited = try await eve.post(client, "PublicChatMail", "Send", ["ChatID": eveChat, "RequestID": "e-2"])
            #expect(limited.status == .tooManyRequests && limited.json["Error"]?["Code"]?.stringValue == "TooManyRequestsFromAddress")
        }
    }
}

extension MailRequestTests {
    @Test("AdminChatOutbox shows a mail item with its attempt's error (the mail server down), the recipient's address not in its key")
    func adminSeesMail() async throws {
        // a port nobody listens on
        let socket = try await ServerSocketProbe.freePort()
        try await WebHarness.with(SMTPSink.config(port: socket)) { harness, client async throws in
            let (_, customer, chat) = try await ChatDownloadTests.customerChat(harness, client)
            #expect(try await customer.post(client, "CustomerChatMail", "", ["ChatID": chat, "RequestID": "c-1"]).status == .ok)
            let round = try await harness.env.engine.outbox.workDue()
            #expect(round.retried == 1)
            let admin = try await AdminScreenTests.admin(harness, client)
            let page = try await AdminScreenTests.submit(client, admin, "AdminChatOutbox", "", token: false, method: .get)
            #expect(page.status == .ok)
            #expect(page.page.contains("<td>mail</td>"))
            #expect(page.page.contains("mail not sent (will retry): cannot connect to 127.0.0.1:\(socket)"), "\(page.page)")
            #expect(!page.page.contains("customer@localhost"), "the key names the recipient by a digest only")
        }
    }
}

/// A port that was free a moment ago (nothing listens on it).
enum ServerSocketProbe {
    static func freePort() async throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

extension WebHarness {
    /// A queued item's payload, as stored.
    func mailPayload(_ idempotencyKey: String) async throws -> String? {
        try await store.outboxItem(idempotencyKey: idempotencyKey)?.payload
    }
}
