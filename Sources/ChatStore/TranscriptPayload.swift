import ChatCore
import ChatJSON
import Foundation

/// The stored form of a chat transcript on an article (`ce_ticket_article.transcript`): a JSON object with
/// an explicit format version, written and read field by field (never Swift's synthesized `Codable`), so a
/// renamed Swift property never changes what is on disk. Times are milliseconds since 1970, as everywhere
/// in the store.
///
/// Version 1: `{"v":1, "chat":7, "audience":"customer"|"agent", "channel":"…", "participants":["…"],
/// "started_at":ms, "ended_at":ms|null, "entries":[{"at":ms, "kind":"message"|"system", "author":"…",
/// "text":"…", "internal":false}]}`
public enum TranscriptPayload {
    /// What `encode` writes.
    public static let version = 1

    public static func encode(_ transcript: Transcript) -> String {
        let entries: [JSON] = transcript.entries.map { entry in
            .object([
                ("at", .int(StoreClock.millis(entry.at))), ("kind", .string(name(entry.kind))),
                ("author", .string(entry.author)), ("text", .string(entry.text)), ("internal", .bool(entry.isInternal)),
            ])
        }
        let json = JSON.object([
            ("v", .int(Int64(version))), ("chat", .int(transcript.chat.rawValue)),
            ("audience", .string(name(transcript.audience))), ("channel", .string(transcript.channel)),
            ("participants", .array(transcript.participants.map { .string($0) })),
            ("started_at", .int(StoreClock.millis(transcript.startedAt))),
            ("ended_at", transcript.endedAt.map { .int(StoreClock.millis($0)) } ?? .null),
            ("entries", .array(entries)),
        ])
        var out: [UInt8] = []
        json.write(to: &out, escaping: [])
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ payload: String) throws(StoreError) -> Transcript {
        let json: JSON
        do {
            json = try JSON.read(payload)
        } catch {
            throw .corrupt("transcript: \(error)")
        }
        let fields = TranscriptFields(json)
        switch json["v"] {
        case .int(1)?: break
        case let other?: throw .corrupt("transcript version \(other.text) is not one this ChatEngine reads (\(version))")
        case nil: throw .corrupt("transcript: 'v' is missing")
        }
        let audience: Transcript.Audience = switch try fields.string("audience") {
        case "customer": .customer
        case "agent": .agent
        case let other: throw .corrupt("transcript: unknown audience '\(other)'")
        }
        var participants: [String] = []
        for item in try fields.array("participants") {
            guard case .string(let name) = item else { throw .corrupt("transcript: a participant is not a string") }
            participants.append(name)
        }
        var entries: [Transcript.Entry] = []
        for item in try fields.array("entries") {
            let entry = TranscriptFields(item)
            let kind: Transcript.Entry.Kind = switch try entry.string("kind") {
            case "message": .message
            case "system": .system
            case let other: throw .corrupt("transcript: unknown entry kind '\(other)'")
            }
            entries.append(Transcript.Entry(at: StoreClock.date(try entry.int("at")), kind: kind,
                author: try entry.string("author"), text: try entry.string("text"), isInternal: try entry.bool("internal")))
        }
        return Transcript(chat: ChatID(try fields.int("chat")), audience: audience, channel: try fields.string("channel"),
            participants: participants, startedAt: StoreClock.date(try fields.int("started_at")),
            endedAt: try fields.optionalInt("ended_at").map(StoreClock.date), entries: entries)
    }

    // The stored names, spelled out here rather than taken from Swift raw values.

    static func name(_ audience: Transcript.Audience) -> String {
        switch audience {
        case .customer: "customer"
        case .agent: "agent"
        }
    }

    static func name(_ kind: Transcript.Entry.Kind) -> String {
        switch kind {
        case .message: "message"
        case .system: "system"
        }
    }
}

/// The fields of a stored transcript, each read with a clear error when missing or of the wrong kind.
private struct TranscriptFields {
    let json: JSON

    init(_ json: JSON) { self.json = json }

    func value(_ key: String) throws(StoreError) -> JSON {
        guard let value = json[key] else { throw .corrupt("transcript: '\(key)' is missing") }
        return value
    }

    func string(_ key: String) throws(StoreError) -> String {
        guard case .string(let text) = try value(key) else { throw .corrupt("transcript: '\(key)' is not a string") }
        return text
    }

    func int(_ key: String) throws(StoreError) -> Int64 {
        guard let number = try value(key).intValue else { throw .corrupt("transcript: '\(key)' is not an integer") }
        return number
    }

    func optionalInt(_ key: String) throws(StoreError) -> Int64? {
        guard let value = json[key], value != .null else { return nil }
        guard let number = value.intValue else { throw .corrupt("transcript: '\(key)' is not an integer") }
        return number
    }

    func bool(_ key: String) throws(StoreError) -> Bool {
        guard case .bool(let flag) = try value(key) else { throw .corrupt("transcript: '\(key)' is not true or false") }
        return flag
    }

    func array(_ key: String) throws(StoreError) -> [JSON] {
        guard case .array(let items) = try value(key) else { throw .corrupt("transcript: '\(key)' is not a list") }
        return items
    }
}
