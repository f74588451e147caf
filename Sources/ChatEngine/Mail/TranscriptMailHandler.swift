import ChatCore
import Foundation
import SysConfig
import Mail

/// `mail`: a chat's conversation to one recipient (`TranscriptMailPayload`). The mail is made at the attempt
/// from the chat as it is then, with the times the payload fixed and a Message-ID derived from the item's
/// idempotency key, so every attempt sends the same mail. The mail server down, a timeout, a 4xx: thrown, the
/// outbox tries again with backoff; a 5xx, a refused certificate or login, a chat that is gone: given up at once
/// (`OutboxPermanentError`), visible to admins with the server's words.
struct TranscriptMailHandler: OutboxHandler {
    static let kind = "mail"
    var kind: String { Self.kind }
    let mail: TranscriptMail

    func perform(_ work: OutboxWork) async throws {
        let payload = try TranscriptMailPayload.decode(work.payload)
        let message = try await mail.message(payload, idempotencyKey: work.idempotencyKey)
        do {
            let receipt = try await mail.transport().send(message)
            mail.logger.info("transcript of chat \(payload.chat.rawValue) sent: \(receipt.reply)")
        } catch let error as MailError {
            if error.isTemporary { throw error }
            throw OutboxPermanentError(error.description)
        }
    }
}

extension TranscriptMail {
    /// The mail for `payload`: the plain-text transcript as the body, the PDF attached.
    func message(_ payload: TranscriptMailPayload, idempotencyKey: String) async throws -> MailMessage {
        let chat: Chat
        do {
            chat = try await service.chat(payload.chat)
        } catch {
            if case .notFound? = EngineError.classify(error) {
                throw OutboxPermanentError("chat \(payload.chat.rawValue) no longer exists (ChatEngine::ChatTTL removed it)")
            }
            throw error
        }
        let zone = payload.timeZone.flatMap(TimeZone.init(identifier:)) ?? .current
        // the recipient's language, recorded when they asked (none: English)
        let translator = self.translator
        let language = payload.language ?? "en"
        let lines = ChatLanguage(code: language, translations: translator.dictionary(for: language))
        let copy = try await transcripts.customerCopy(of: chat, timeZone: zone, at: payload.requestedAt, language: lines)
        let settings = self.settings
        let organization = service.settings.pdf.organization.isEmpty ? "ChatEngine" : service.settings.pdf.organization
        let day = Self.day(payload.requestedAt, in: zone)
        func t(_ text: LocalizableText) -> String { translator.translate(text, into: language) }
        let greeting = payload.name.isEmpty ? t(LocalizableText("Hello,")) : t(LocalizableText("Hello %s,", values: payload.name))
        let body = greeting + "\n\n"
            + t(LocalizableText("this is the conversation you had with %s in chat %s. The attached PDF holds the same conversation.",
                values: organization, chat.id.rawValue))
            + "\n\n" + TranscriptText.render(copy.transcript, timeZone: zone, language: lines)
        return MailMessage(
            from: MailAddress(name: settings.senderName, address: settings.senderAddress),
            to: [MailAddress(name: payload.name, address: payload.address)],
            subject: t(LocalizableText("Your chat with %s on %s", values: organization, day)), date: payload.requestedAt,
            messageID: Self.messageID(idempotencyKey: idempotencyKey, fqdn: settings.fqdn), textBody: body,
            attachments: [MailAttachment(filename: copy.pdf.fileName, contentType: "application/pdf", data: copy.pdf.bytes)],
            extraHeaders: [MailHeader("Auto-Submitted", "auto-generated"), MailHeader("X-OTRS-Chat", String(chat.id.rawValue))])
    }

    /// The same on every attempt of one outbox item: a digest of its key at OTRS's `FQDN`.
    static func messageID(idempotencyKey: String, fqdn: String) -> String {
        "chat.\(digest(idempotencyKey).prefix(32))@\(fqdn)"
    }

    static func day(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let d = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", d.year ?? 0, d.month ?? 0, d.day ?? 0)
    }
}
