import ChatCore
import ChatJSON
import Foundation
import Testing

@testable import ChatStore

/// The stored transcript format (`ce_ticket_article.transcript`): the golden file under `Fixtures/` holds
/// transcripts as each format version wrote them; today's reader reads every one back, and today's writer
/// writes the current version's file exactly.
@Suite("Transcript payloads")
struct TranscriptPayloadTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    /// `ms` milliseconds after t0, as the store reads a time back (a Double sum may differ in its last bit).
    static func at(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(1_800_000_000_000 + ms) / 1000) }

    static let sample = Transcript(chat: ChatID(9_007_199_254_740_993), audience: .agent, channel: "Support 客服",
        participants: ["Jürgen Müller", "Anna Agent", "Otto \"Observer\""], startedAt: t0, endedAt: at(600_500),
        entries: [
            .init(at: t0, kind: .system, author: "", text: "Chat started", isInternal: false),
            .init(at: at(1001), kind: .message, author: "Jürgen Müller",
                text: "Grüße 你好 😀 \"quoted\" \\ <script>alert(1)</script>\nline\ttab \u{0}\u{1F}\u{7F} \u{2028}", isInternal: false),
            .init(at: at(2000), kind: .message, author: "Anna Agent", text: "for agents only", isInternal: true),
            .init(at: at(3000), kind: .message, author: "Anna Agent", text: "", isInternal: false),
        ])

    static let transcripts: [(name: String, transcript: Transcript)] = [
        ("agent-full", sample),
        ("customer-open", Transcript(chat: ChatID(1), audience: .customer, channel: "", participants: [], startedAt: t0,
            endedAt: nil, entries: [])),
    ]

    static func url(version: Int) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/transcript-payloads-v\(version).json")
    }

    static func load(version: Int) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url(version: version)))
    }

    @Test("every golden transcript reads back to its model", arguments: [1])
    func goldenFilesRead(_ version: Int) throws {
        let payloads = try Self.load(version: version)
        #expect(payloads.count == Self.transcripts.count)
        for (name, transcript) in Self.transcripts {
            let payload = try #require(payloads[name], "v\(version) has no \(name)")
            #expect(try TranscriptPayload.decode(payload) == transcript, "v\(version) \(name)")
        }
    }

    @Test("today's writer writes the current version's golden file exactly (a change needs a new version)")
    func writerMatchesGoldenFile() throws {
        let payloads = try Self.load(version: TranscriptPayload.version)
        for (name, transcript) in Self.transcripts {
            #expect(TranscriptPayload.encode(transcript) == payloads[name], "\(name)")
        }
    }

    @Test("plain JSON any reader reads: version, audience, times in milliseconds, entries in order")
    func plainJSON() throws {
        let payload = TranscriptPayload.encode(Self.sample)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
        #expect(object["v"] as? Int == 1)
        #expect(object["audience"] as? String == "agent")
        #expect(object["started_at"] as? Int == 1_800_000_000_000)
        #expect(object["ended_at"] as? Int == 1_800_000_600_500)
        let entries = try #require(object["entries"] as? [[String: Any]])
        #expect(entries.map { $0["kind"] as? String } == ["system", "message", "message", "message"])
        #expect(entries.map { $0["internal"] as? Bool } == [false, false, true, false])
    }

    @Test("damaged or newer payloads are refused with a message that says what is wrong")
    func refusals() {
        let cases = [
            ("not json", "transcript: not JSON"),
            (#"{"v":2}"#, "version 2 is not one"),
            (#"{"chat":1}"#, "'v' is missing"),
            (#"{"v":1,"chat":1,"audience":"boss","channel":"","participants":[],"started_at":0,"entries":[]}"#, "unknown audience 'boss'"),
            (#"{"v":1,"chat":1,"audience":"agent","channel":"","participants":[3],"started_at":0,"entries":[]}"#, "a participant is not a string"),
            (#"{"v":1,"chat":1,"audience":"agent","channel":"","participants":[],"started_at":0,"entries":[{"at":0,"kind":"shout","author":"","text":"","internal":false}]}"#, "unknown entry kind 'shout'"),
            (#"{"v":1,"chat":1,"audience":"agent","channel":"","participants":[],"started_at":0,"entries":[{"at":0,"kind":"message","author":"","text":"","internal":1}]}"#, "'internal' is not true or false"),
            (#"{"v":1,"chat":"1","audience":"agent","channel":"","participants":[],"started_at":0,"entries":[]}"#, "'chat' is not an integer"),
        ]
        for (payload, expected) in cases {
            do {
                let transcript = try TranscriptPayload.decode(payload)
                Issue.record("\(payload) read as \(transcript)")
            } catch {
                #expect(error.description.contains(expected), "\(payload): \(error)")
            }
        }
    }

    /// Writes the golden file of a new format version; an existing one is never rewritten.
    @Test("write the current version's golden file when it is new",
        .enabled(if: ProcessInfo.processInfo.environment["WRITE_TRANSCRIPT_FIXTURES"] == "1"))
    func writeGoldenFile() throws {
        guard !FileManager.default.fileExists(atPath: Self.url(version: TranscriptPayload.version).path) else { return }
        var payloads: [String: String] = [:]
        for (name, transcript) in Self.transcripts { payloads[name] = TranscriptPayload.encode(transcript) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try encoder.encode(payloads).write(to: Self.url(version: TranscriptPayload.version))
    }
}
