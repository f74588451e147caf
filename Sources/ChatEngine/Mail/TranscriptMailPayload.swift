import ChatCore
import ChatJSON
import Foundation

/// What a `mail` outbox item stores: which chat goes to whom. The mail itself (text, PDF, subject) is made when
/// the item is performed, from the chat as it is then; the times it shows are fixed here, so every attempt
/// makes the same mail. An explicit, versioned JSON format written and read field by field (never Swift's
/// synthesized `Codable`), so an item queued by one ChatEngine version is performed by the next.
///
/// Version 1: `{"v":1, "chat":12, "audience":"customer"|"visitor", "name":"…", "address":"…",
/// "language":"de"|null, "time_zone":"Europe/Berlin"|null, "requested_at":1764684000000}`
/// (`requested_at`: milliseconds since 1970; the mail's `Date` and the PDF's "generated at").
public struct TranscriptMailPayload: Equatable, Sendable {
    public static let version = 1

    /// Who the mail is for: a customer user (the address on file) or a visitor (the address given for the chat).
    public enum Audience: String, Sendable, Equatable {
        case customer, visitor
    }

    public var chat: ChatID
    public var audience: Audience
    public var name: String
    public var address: String
    public var language: String?
    public var timeZone: String?
    public var requestedAt: Date

    public init(chat: ChatID, audience: Audience, name: String, address: String, language: String? = nil,
        timeZone: String? = nil, requestedAt: Date)
    {
        self.chat = chat
        self.audience = audience
        self.name = name
        self.address = address
        self.language = language
        self.timeZone = timeZone
        self.requestedAt = requestedAt
    }

    public func encode() -> String {
        var out: [UInt8] = []
        JSON.object([
            ("v", .int(Int64(Self.version))), ("chat", .int(chat.rawValue)), ("audience", .string(audience.rawValue)),
            ("name", .string(name)), ("address", .string(address)), ("language", language.map { .string($0) } ?? .null),
            ("time_zone", timeZone.map { .string($0) } ?? .null),
            ("requested_at", .int(Int64((requestedAt.timeIntervalSince1970 * 1000).rounded()))),
        ]).write(to: &out, escaping: [])
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads any version this ChatEngine knows; anything else is a permanent error (no retry mends it).
    public static func decode(_ payload: String) throws(OutboxPermanentError) -> TranscriptMailPayload {
        let json = try OutboxPayloadJSON.read(payload, versions: 1...version, bad: bad)
        guard let chat = json["chat"]?.intValue else { throw bad("'chat' is missing or not an integer") }
        guard case .string(let audienceName)? = json["audience"], let audience = Audience(rawValue: audienceName) else {
            throw bad("'audience' is missing or not customer or visitor")
        }
        guard case .string(let name)? = json["name"] else { throw bad("'name' is missing or not a string") }
        guard case .string(let address)? = json["address"], !address.isEmpty else { throw bad("'address' is missing or empty") }
        guard let millis = json["requested_at"]?.intValue else { throw bad("'requested_at' is missing or not an integer") }
        return TranscriptMailPayload(chat: ChatID(chat), audience: audience, name: name, address: address,
            language: try optionalString(json, "language"), timeZone: try optionalString(json, "time_zone"),
            requestedAt: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    private static func optionalString(_ json: JSON, _ key: String) throws(OutboxPermanentError) -> String? {
        switch json[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw bad("'\(key)' is not a string")
        }
    }

    static func bad(_ why: String) -> OutboxPermanentError {
        OutboxPermanentError("mail payload: \(why)")
    }
}
