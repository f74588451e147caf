import ChatCore
@testable import ChatEngine
import Mail
import ChatStore
import ChatTestSupport
import Foundation
import SysConfig
import Testing

/// Transcripts by e-mail, the engine: OTRS's mail settings, the `mail` payload (a golden text), who may have a
/// chat mailed and to which address, the limits per chat and per IP address (in the database), one item per
/// request, and `ChatEngine::Mail::TranscriptAtChatEnd`.
@Suite("Transcript mail", .timeLimit(.minutes(5)))
struct MailTranscriptTests {
    typealias W = TranscriptDownloadTests

    static let sample = TranscriptMailPayload(chat: ChatID(42), audience: .visitor, name: "Jürgen 王 🙂", address: "j@example.com",
        language: "de", timeZone: "Europe/Berlin", requestedAt: Date(timeIntervalSince1970: 1_800_000_000.123))

    /// Version 1 as written; items queued by this version must stay readable by every later one.
    static let goldenV1 = #"""
        {"v":1,"chat":42,"audience":"visitor","name":"Jürgen 王 🙂","address":"j@example.com","language":"de","time_zone":"Europe/Berlin","requested_at":1800000000123}
        """#

    @Test("the payload's version 1: written exactly as the golden text, read back the same; bad ones are permanent errors")
    func golden() throws {
        #expect(Self.sample.encode() == Self.goldenV1)
        #expect(try TranscriptMailPayload.decode(Self.goldenV1) == Self.sample)
        let bare = #"{"v":1,"chat":1,"audience":"customer","name":"","address":"a@b.c","requested_at":0}"#
        #expect(try TranscriptMailPayload.decode(bare).language == nil)
        for (bad, why) in [("{\"v\":2}", "version 2 is not one"), ("{}", "'v' is missing"), ("nope", "not JSON"),
            (Self.goldenV1.replacingOccurrences(of: "\"visitor\"", with: "\"agent\""), "'audience'"),
            (Self.goldenV1.replacingOccurrences(of: "\"j@example.com\"", with: "\"\""), "'address'")]
        {
            #expect { try TranscriptMailPayload.decode(bad) } throws: { $0 is OutboxPermanentError && "\($0)".contains(why) }
        }
    }

    @Test("OTRS's SendmailModule settings: its defaults, the SMTP kinds and their ports, the sender with FQDN, bad values named")
    func settings() throws {
        let defaults = try ServiceHarness.settings().mail
        #expect(defaults.module == .sendmail && defaults.sendmailCommand == "/usr/sbin/sendmail -i -f")
        #expect(defaults.host == "mail.example.com" && defaults.port == 25 && defaults.authUser.isEmpty)
        #expect(defaults.senderName == "OTRS Notifications" && defaults.senderAddress == "otrs@yourhost.example.com")
        #expect(!defaults.transcriptAtChatEnd && defaults.verifyCertificate && defaults.trustedCAFile.isEmpty)
        for (module, security, port) in [("SMTP", SMTPKind.plain, 25), ("SMTPS", .implicitTLS, 465), ("SMTPTLS", .startTLS, 587)] {
            let mail = try ServiceHarness.settings("    $Self->{'SendmailModule'} = 'Kernel::System::Email::\(module)';").mail
            #expect(mail.port == port)
            let configuration = MailTransports.configuration(mail, security: security.value)
            #expect(configuration.port == port && configuration.host == "mail.example.com" && configuration.auth == nil)
        }
        let custom = try ServiceHarness.settings("""
                $Self->{'SendmailModule'} = 'Kernel::System::Email::SMTPTLS';
                $Self->{'SendmailModule::Host'} = 'smtp.example.org';
                $Self->{'SendmailModule::Port'} = '2525';
                $Self->{'SendmailModule::AuthUser'} = 'chat';
                $Self->{'SendmailModule::AuthPassword'} = 'geheim';
                $Self->{'FQDN'} = 'help.example.org';
                $Self->{'ChatEngine::Mail::Timeout'} = '7';
                $Self->{'ChatEngine::Mail::TrustedCAFile'} = '/etc/ca.pem';
            """).mail
        let configuration = MailTransports.configuration(custom, security: .startTLS)
        #expect(configuration.host == "smtp.example.org" && configuration.port == 2525 && configuration.timeout == .seconds(7))
        #expect(configuration.auth?.user == "chat" && configuration.auth?.password == "geheim")
        #expect(configuration.trustedRootsFile == "/etc/ca.pem" && configuration.certificateVerification)
        #expect(custom.senderAddress == "otrs@help.example.org" && custom.fqdn == "help.example.org")
        for (line, setting) in [
            ("$Self->{'SendmailModule'} = 'Kernel::System::Email::Pigeon';", "SendmailModule"),
            ("$Self->{'SendmailModule::Port'} = '99999';", "SendmailModule::Port"),
            ("$Self->{'NotificationSenderEmail'} = 'not an address';", "NotificationSenderEmail"),
            ("$Self->{'SendmailModule'} = 'Kernel::System::Email::SMTP'; $Self->{'SendmailModule::Host'} = '';", "SendmailModule::Host"),
            ("$Self->{'ChatEngine::Mail::VerifyCertificate'} = 'yes';", "ChatEngine::Mail::VerifyCertificate"),
        ] {
            #expect("\(line)") { _ = try ServiceHarness.settings("    " + line) } throws: { "\($0)".contains(setting) }
        }
    }

    enum SMTPKind {
        case plain, implicitTLS, startTLS
        var value: Mail.SMTPConfiguration.Security {
            switch self {
            case .plain: .plain
            case .implicitTLS: .implicitTLS
            case .startTLS: .startTLS
            }
        }
    }

    static func mailItems(_ engine: Engine) async throws -> [OutboxItem] {
        try await engine.chats.store.outboxItems(state: nil, limit: 1000).filter { $0.kind == "mail" }
    }

    @Test("a customer user has their own closed chat mailed to the address on file, once per request; nobody else's, not before it ends",
        arguments: StoreEngine.allCases)
    func customerRequest(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await W.world(store, overrides: "    $Self->{'ChatEngine::Mail::MaxRequestsPerChat'} = '2';")
            let open = try await w.service.requestChat(by: .customer(w.carla), channel: nil, firstMessage: "Noch offen", commandID: nil).chat.id
            await #expect(throws: MailRefusal.notClosed) {
                _ = try await w.engine.mail.sendToCustomer(open, by: w.carla, requestID: "r0", timeZone: nil)
            }
            _ = try await w.service.close(open, by: .customer(w.carla))
            let chat = try await W.customerChat(w)
            let otto = try await store.addCustomerUser(NewCustomerUser(login: "otto", customerID: "ACME", email: "otto@example.com",
                firstName: "Otto", lastName: "Other", passwordHash: nil))
            await #expect(throws: ChatError.notInChat) {
                _ = try await w.engine.mail.sendToCustomer(chat, by: otto.id, requestID: "r1", timeZone: nil)
            }
            let first = try await w.engine.mail.sendToCustomer(chat, by: w.carla, requestID: "click-1", timeZone: "Europe/Berlin")
            #expect(first == TranscriptMail.Queued(maskedAddress: "c***@example.com", isNew: true))
            #expect(first.message == "We will send the conversation to c***@example.com.")
            let resent = try await w.engine.mail.sendToCustomer(chat, by: w.carla, requestID: "click-1", timeZone: "Europe/Berlin")
            #expect(!resent.isNew)
            var items = try await Self.mailItems(w.engine)
            #expect(items.count == 1)
            let payload = try TranscriptMailPayload.decode(items[0].payload)
            #expect(payload == TranscriptMailPayload(chat: chat, audience: .customer, name: "Carla Kunde", address: "carla@example.com",
                timeZone: "Europe/Berlin", requestedAt: w.clock.now))
            _ = try await w.engine.mail.sendToCustomer(chat, by: w.carla, requestID: "click-2", timeZone: nil)
            await #expect(throws: MailRefusal.chatLimit(2)) {
                _ = try await w.engine.mail.sendToCustomer(chat, by: w.carla, requestID: "click-3", timeZone: nil)
            }
            items = try await Self.mailItems(w.engine)
            #expect(items.count == 2, "the third request is over ChatEngine::Mail::MaxRequestsPerChat (2)")
        }
    }

    @Test("a visitor's address is checked, stored once with its chat, and only that chat of theirs is mailed, only there",
        arguments: StoreEngine.allCases)
    func visitorRequest(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await W.world(store)
            let vera = try await w.service.requestChatAsNewVisitor(name: "Vera", channel: nil, firstMessage: "Hallo", commandID: nil,
                clientAddress: "192.0.2.1")
            let chat = vera.result.chat.id
            for bad in ["", "vera", "vera@", "@example.com", "vera@example", "a b@example.com", "v<x>@example.com", "v@ex\r\nample.com",
                String(repeating: "v", count: 250) + "@example.com", "-v@example.com"]
            {
                await #expect("\(bad.debugDescription)") {
                    _ = try await w.engine.mail.setVisitorAddress(chat, by: vera.visitor, address: bad)
                } throws: { ($0 as? MailRefusal)?.code == .badAddress }
                await #expect(throws: MailRefusal.self, "\(bad.debugDescription)") {
                    _ = try await w.engine.mail.setVisitorAddress(chat, by: vera.visitor, address: bad)
                }
            }
            let tom = try await w.service.requestChatAsNewVisitor(name: "Tom", channel: nil, firstMessage: "Hi", commandID: nil,
                clientAddress: "192.0.2.9")
            await #expect(throws: ChatError.notInChat, "someone else's chat") {
                _ = try await w.engine.mail.setVisitorAddress(chat, by: tom.visitor, address: "tom@example.com")
            }
            #expect(try await w.engine.mail.setVisitorAddress(chat, by: vera.visitor, address: " vera@example.com ") == "v***@example.com")
            #expect(try await w.engine.mail.setVisitorAddress(chat, by: vera.visitor, address: "vera@example.com") == "v***@example.com")
            await #expect(throws: MailRefusal.addressFixed) {
                _ = try await w.engine.mail.setVisitorAddress(chat, by: vera.visitor, address: "victim@example.com")
            }
            _ = try await w.service.accept(chat, by: .agent(w.anna))
            _ = try await w.service.close(chat, by: .agent(w.anna))
            _ = try await w.service.accept(tom.result.chat.id, by: .agent(w.anna))
            _ = try await w.service.close(tom.result.chat.id, by: .agent(w.anna))
            await #expect(throws: ChatError.notInChat) {
                _ = try await w.engine.mail.sendToVisitor(chat, by: tom.visitor, clientAddress: "192.0.2.9", requestID: "t", timeZone: nil)
            }
            await #expect(throws: MailRefusal.noVisitorAddress) {
                _ = try await w.engine.mail.sendToVisitor(tom.result.chat.id, by: tom.visitor, clientAddress: "192.0.2.9",
                    requestID: "t", timeZone: nil)
            }
            let queued = try await w.engine.mail.sendToVisitor(chat, by: vera.visitor, clientAddress: "192.0.2.1", requestID: "v1",
                timeZone: nil)
            #expect(queued.maskedAddress == "v***@example.com" && queued.isNew)
            let items = try await Self.mailItems(w.engine)
            #expect(items.count == 1)
            let payload = try TranscriptMailPayload.decode(items[0].payload)
            #expect(payload.address == "vera@example.com" && payload.audience == .visitor && payload.name == "Vera")
        }
    }

    @Test("visitors' requests per IP address and hour are counted in the database, over all their chats",
        arguments: StoreEngine.allCases)
    func perAddressLimit(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await W.world(store, overrides: "    $Self->{'ChatEngine::Mail::MaxVisitorRequestsPerHourPerIP'} = '2';")
            var chats: [(ChatID, VisitorID)] = []
            for n in 0..<3 {
                let v = try await w.service.requestChatAsNewVisitor(name: "V\(n)", channel: nil, firstMessage: "Hallo", commandID: nil,
                    clientAddress: "198.51.100.7")
                _ = try await w.engine.mail.setVisitorAddress(v.result.chat.id, by: v.visitor, address: "v\(n)@example.com")
                _ = try await w.service.accept(v.result.chat.id, by: .agent(w.anna))
                _ = try await w.service.close(v.result.chat.id, by: .agent(w.anna))
                chats.append((v.result.chat.id, v.visitor))
            }
            for (chat, visitor) in chats.prefix(2) {
                _ = try await w.engine.mail.sendToVisitor(chat, by: visitor, clientAddress: "198.51.100.7", requestID: nil, timeZone: nil)
            }
            await #expect(throws: MailRefusal.networkLimit) {
                _ = try await w.engine.mail.sendToVisitor(chats[2].0, by: chats[2].1, clientAddress: "198.51.100.7", requestID: nil,
                    timeZone: nil)
            }
            // another address is not held back, and an hour later the first one may again
            _ = try await w.engine.mail.sendToVisitor(chats[2].0, by: chats[2].1, clientAddress: "198.51.100.8", requestID: nil, timeZone: nil)
            w.clock.advance(3601)
            _ = try await w.engine.mail.sendToVisitor(chats[1].0, by: chats[1].1, clientAddress: "198.51.100.7", requestID: nil, timeZone: nil)
            #expect(try await Self.mailItems(w.engine).count == 4)
        }
    }

    @Test("with TranscriptAtChatEnd the close queues one mail for the customer user and for a visitor with an address; off, none",
        arguments: StoreEngine.allCases)
    func atChatEnd(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let off = try await W.world(store)
            _ = try await W.customerChat(off)
            #expect(try await Self.mailItems(off.engine).isEmpty)
        }
        try await StoreHarness.with(engine) { store, _ in
            let w = try await W.world(store, overrides: "    $Self->{'ChatEngine::Mail::TranscriptAtChatEnd'} = 1;")
            let chat = try await W.customerChat(w)
            let vera = try await w.service.requestChatAsNewVisitor(name: "Vera", channel: nil, firstMessage: "Hallo", commandID: nil,
                clientAddress: "192.0.2.1")
            _ = try await w.engine.mail.setVisitorAddress(vera.result.chat.id, by: vera.visitor, address: "vera@example.com")
            _ = try await w.service.accept(vera.result.chat.id, by: .agent(w.anna))
            _ = try await w.service.close(vera.result.chat.id, by: .agent(w.anna))
            let silent = try await w.service.requestChatAsNewVisitor(name: "Sam", channel: nil, firstMessage: "Hallo", commandID: nil,
                clientAddress: "192.0.2.2")
            _ = try await w.service.accept(silent.result.chat.id, by: .agent(w.anna))
            _ = try await w.service.close(silent.result.chat.id, by: .agent(w.anna))
            let items = try await Self.mailItems(w.engine)
            let payloads = try items.map { try TranscriptMailPayload.decode($0.payload) }.sorted { $0.chat < $1.chat }
            #expect(payloads.map(\.address) == ["carla@example.com", "vera@example.com"])
            #expect(payloads.map(\.chat) == [chat, vera.result.chat.id])
        }
    }
}
