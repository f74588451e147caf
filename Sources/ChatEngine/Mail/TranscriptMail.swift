import ChatCore
import ChatStore
import Crypto
import Foundation
import Logging
import Mail
import Synchronization
import SysConfig

/// Transcripts by e-mail (OTRS 7's "send me this conversation"): a closed chat's conversation, as text with its
/// PDF attached, to the customer user's address on file or to the address a visitor gave for that chat, never to
/// any other. Every mail goes through the outbox (kind `mail`, `TranscriptMailHandler`); the requests are counted
/// in the database against `ChatEngine::Mail::MaxRequestsPerChat` and, for visitors,
/// `ChatEngine::Mail::MaxVisitorRequestsPerHourPerIP`. With `ChatEngine::Mail::TranscriptAtChatEnd` the close
/// itself queues the mail for everyone on the customer side with an address.
public final class TranscriptMail: Sendable {
    let service: ChatService
    let transcripts: Transcripts
    let outbox: Outbox
    let logger = Logger(label: "chatengine.mail")
    /// Makes the transport from the settings of the moment; tests put their own in.
    private let transportFactory = Mutex<@Sendable (MailSettings) -> any MailTransport>(MailTransports.make)
    /// The language files of the moment (the server's live configuration), for the mail's own texts.
    private let translatorSource = Mutex<@Sendable () -> Translator>({ Translator() })

    /// The longest address a visitor may give (RFC 5321's limit for a path).
    public static let maxAddressLength = 254

    /// What a person is told when their request was taken.
    public struct Queued: Sendable, Equatable {
        /// `j***@example.com`: enough to recognise one's own address, not enough to learn someone's.
        public var maskedAddress: String
        /// False: this request was taken before (a resend), nothing new was queued.
        public var isNew: Bool
        public var text: LocalizableText { LocalizableText("We will send the conversation to %s.", values: maskedAddress) }
        public var message: String { text.description }
    }

    init(service: ChatService, transcripts: Transcripts, outbox: Outbox) {
        self.service = service
        self.transcripts = transcripts
        self.outbox = outbox
    }

    var settings: MailSettings { service.settings.mail }

    /// Replaces how the transport is made (tests: a sink's port, a transport that fails).
    public func useTransport(_ factory: @escaping @Sendable (MailSettings) -> any MailTransport) {
        transportFactory.withLock { $0 = factory }
    }

    /// Where the mail's texts get their translations: the server hands in its live configuration's.
    public func useTranslator(_ source: @escaping @Sendable () -> Translator) {
        translatorSource.withLock { $0 = source }
    }

    var translator: Translator {
        let source = translatorSource.withLock { $0 }
        return source()
    }

    func transport() -> any MailTransport {
        let factory = transportFactory.withLock { $0 }
        return factory(settings)
    }

    // MARK: customer users

    /// "Send me this conversation" of a customer user: their own closed chat, to their address on file.
    /// `requestID` is the page's ID of this click (a resend of it queues nothing twice); `timeZone` the browser's;
    /// `language` the asker's (the mail's texts are in it).
    public func sendToCustomer(_ chatID: ChatID, by customer: CustomerUserID, requestID: String?, timeZone: String?,
        language: String? = nil) async throws -> Queued
    {
        let chat = try await closedChat(chatID, by: .customer(customer))
        guard let record = try await service.store.customerUser(id: customer), record.isValid else { throw ChatError.notInChat }
        let address = record.email.trimmingCharacters(in: .whitespaces)
        guard !address.isEmpty, MailAddress(address: address).problem == nil else {
            throw MailRefusal.noCustomerAddress
        }
        return try await queue(chat, audience: .customer, name: record.fullName, address: address,
            requestKey: Self.requestKey(chat.id, address, requestID), clientAddress: nil, timeZone: timeZone, language: language)
    }

    // MARK: visitors

    /// The address a visitor gives on the start form, stored with their chat once: a second, different address
    /// for the same chat is refused, so a chat can never be made to mail anyone else.
    public func setVisitorAddress(_ chatID: ChatID, by visitor: VisitorID, address raw: String) async throws -> String {
        let chat = try await service.readableChat(chatID, by: .visitor(visitor))
        guard chat.requester == .visitor(visitor) else { throw ChatError.notInChat }
        let address = try Self.checkedAddress(raw)
        guard try await service.store.setChatMailAddress(chat: chat.id.rawValue, address: address, now: service.now()) else {
            throw MailRefusal.addressFixed
        }
        return Self.masked(address)
    }

    /// "Send me this conversation" of a visitor: only their own closed chat, only to the address given for it,
    /// counted per chat and per IP address.
    public func sendToVisitor(_ chatID: ChatID, by visitor: VisitorID, clientAddress: String, requestID: String?,
        timeZone: String?, language: String? = nil) async throws -> Queued
    {
        let chat = try await closedChat(chatID, by: .visitor(visitor))
        guard chat.requester == .visitor(visitor) else { throw ChatError.notInChat }
        guard let address = try await service.store.chatMailAddress(chat: chat.id.rawValue) else {
            throw MailRefusal.noVisitorAddress
        }
        let name = try await service.store.visitor(id: visitor)?.name ?? ""
        return try await queue(chat, audience: .visitor, name: name, address: address,
            requestKey: Self.requestKey(chat.id, address, requestID), clientAddress: clientAddress, timeZone: timeZone,
            language: language)
    }

    // MARK: the chat's end

    /// Called after a commit that closed a chat: with `TranscriptAtChatEnd`, the mail for the customer user or
    /// visitor who asked for it (when they have an address). It must not throw: the chat is closed.
    func chatClosed(_ result: AppendResult) async {
        guard settings.transcriptAtChatEnd else { return }
        let chat = result.chat
        do {
            switch chat.requester {
            case .customer(let id):
                guard let record = try await service.store.customerUser(id: id), record.isValid,
                    MailAddress(address: record.email).problem == nil
                else { return }
                // nobody asked: the customer user's stored language (`UserLanguage`), else English
                let language = try? await service.store.customerPreference(.language, of: id)
                _ = try await queue(chat, audience: .customer, name: record.fullName, address: record.email,
                    requestKey: "mail-at-end:\(chat.id.rawValue)", clientAddress: nil, timeZone: nil, language: language)
            case .visitor(let id):
                guard let address = try await service.store.chatMailAddress(chat: chat.id.rawValue) else { return }
                let name = try await service.store.visitor(id: id)?.name ?? ""
                _ = try await queue(chat, audience: .visitor, name: name, address: address,
                    requestKey: "mail-at-end:\(chat.id.rawValue)", clientAddress: nil, timeZone: nil)
            case .agent:
                return
            }
        } catch {
            logger.error("chat \(chat.id.rawValue) closed but its transcript mail could not be queued: \(error)")
        }
    }

    // MARK: common

    private func closedChat(_ chatID: ChatID, by person: Person) async throws -> Chat {
        let chat = try await service.readableChat(chatID, by: person)
        guard chat.state == .closed else {
            throw MailRefusal.notClosed
        }
        return chat
    }

    private func queue(_ chat: Chat, audience: TranscriptMailPayload.Audience, name: String, address: String,
        requestKey: String, clientAddress: String?, timeZone: String?, language: String? = nil) async throws -> Queued
    {
        let zone = Transcripts.browserZone(timeZone)?.identifier
        // recorded now, as the asker reads: the mail may go out after a restart or a language file's change
        let payload = TranscriptMailPayload(chat: chat.id, audience: audience, name: name, address: address,
            language: language.flatMap(translator.supported), timeZone: zone, requestedAt: service.now())
        let item = NewOutboxItem(kind: TranscriptMailHandler.kind, idempotencyKey: "mail:" + requestKey, payload: payload.encode())
        let limits = MailRequestLimits(perChat: settings.maxRequestsPerChat, perHourPerAddress: settings.maxVisitorRequestsPerHourPerIP)
        let outcome = try await service.store.requestMail(
            NewMailRequest(requestKey: requestKey, chat: chat.id.rawValue, recipient: address, clientAddress: clientAddress),
            item: item, limits: limits, now: service.now())
        switch outcome {
        case .queued(_, let isNew):
            if isNew { outbox.woken.withLock { $0 = true } }
            return Queued(maskedAddress: Self.masked(address), isNew: isNew)
        case .chatLimitReached:
            throw MailRefusal.chatLimit(settings.maxRequestsPerChat)
        case .addressLimitReached:
            throw MailRefusal.networkLimit
        }
    }

    /// A request's key: the chat, the recipient and the page's ID of the click (a random one when the page gave
    /// none, so every such request is a new one).
    static func requestKey(_ chat: ChatID, _ address: String, _ requestID: String?) -> String {
        let id = requestID.flatMap { $0.isEmpty || $0.count > 100 ? nil : $0 } ?? UUID().uuidString
        return "request:\(chat.rawValue):\(digest(address.lowercased()).prefix(16)):\(id)"
    }

    static func digest(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A visitor's address, checked: one `local@domain.tld` without spaces or anything a header could misread,
    /// at most `maxAddressLength` bytes.
    public static func checkedAddress(_ raw: String) throws -> String {
        let address = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !address.isEmpty else { throw MailRefusal.badAddress(LocalizableText("Please enter an e-mail address.")) }
        guard address.utf8.count <= maxAddressLength else {
            throw MailRefusal.badAddress(
                LocalizableText("The e-mail address is too long (at most %s characters).", values: maxAddressLength))
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            address.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && !"<>()[]\\,;:\"".unicodeScalars.contains($0) }),
            MailAddress(address: address).problem == nil
        else {
            throw MailRefusal.badAddress(LocalizableText("'%s' is not an e-mail address like name@example.com.",
                values: String(address.prefix(60))))
        }
        return address
    }

    /// `j***@example.com`.
    public static func masked(_ address: String) -> String {
        guard let at = address.lastIndex(of: "@"), let first = address.first, at != address.startIndex else { return "***" }
        return "\(first)***\(address[at...])"
    }
}
