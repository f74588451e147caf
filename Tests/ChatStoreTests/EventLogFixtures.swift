import ChatCore
import Foundation

/// Every event kind, with unusual text and edge values: what the golden payload files under `Fixtures/`
/// hold, written by the code of their version. A reader must read every one of them back to these values.
enum EventLogFixtures {
    static let texts = [
        "plain", "", "Grüße 你好 😀 🇩🇪 Привет Ωμέγα", "quotes \" and \\ backslash / slash", "line\nbreak\ttab\r",
        "control \u{0}\u{1}\u{1F}\u{7F}", "e\u{301} combining", "{\"json\":\"inside\"}", "\u{2028}\u{2029} separators",
        "% _ wildcards", "<script>alert(1)</script>", String(repeating: "long ", count: 200),
    ]

    static let kinds: [(name: String, kind: ChatEventKind)] = {
        var all: [(String, ChatEventKind)] = [
            ("created-channel", .created(channel: ChannelID(3), target: .channel)),
            ("created-agent", .created(channel: ChannelID(1), target: .agent(AgentID(4)))),
            ("created-customer", .created(channel: ChannelID(9_007_199_254_740_993), target: .customer(CustomerUserID(7)))),
            ("accepted", .accepted(agentNumber: 2)),
            ("accepted-no-number", .accepted(agentNumber: nil)),
            ("declined", .declined),
            ("invited", .invited(agent: AgentID(9))),
            ("invitation-declined", .invitationDeclined),
            ("joined-observer", .joined(role: .observer, agentNumber: 3)),
            ("joined-participant", .joined(role: .participant, agentNumber: 0)),
            ("role-changed", .roleChanged(from: .observer, to: .participant)),
            ("role-changed-owner", .roleChanged(from: .participant, to: .owner)),
            ("channel-changed", .channelChanged(from: ChannelID(1), to: ChannelID(2))),
            ("monitoring-none", .monitoringChanged(.none)),
            ("monitoring-customer", .monitoringChanged(.customerActivity)),
            ("monitoring-all", .monitoringChanged(.allActions)),
            ("left-owner", .left(role: .owner)),
            ("left-observer", .left(role: .observer)),
            ("closed", .closed),
        ]
        for (index, text) in texts.enumerated() {
            all.append(("message-everyone-\(index)", .message(text: text, visibility: .everyone)))
            all.append(("message-agents-\(index)", .message(text: text, visibility: .agents)))
        }
        return all
    }()

    /// The kinds a version's golden file holds: a type added by a later version is absent from older files.
    static func kinds(inVersion version: Int) -> [(name: String, kind: ChatEventKind)] {
        version >= 2 ? kinds + addedInVersion2 : kinds
    }

    static let addedInVersion2: [(name: String, kind: ChatEventKind)] = [
        ("ticket-linked-created", .ticketLinked(ticket: TicketID(12), number: "2026120210000017", how: .created)),
        ("ticket-linked-appended", .ticketLinked(ticket: TicketID(9_007_199_254_740_993), number: "", how: .appended)),
        ("ticket-linked-from-ticket", .ticketLinked(ticket: TicketID(7), number: "2026120210000071", how: .fromTicket)),
    ]

    static func url(version: Int) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/event-payloads-v\(version).json")
    }

    /// The golden file: name → payload, as the given version's writer wrote them.
    static func load(version: Int) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url(version: version)))
    }

    static func write(version: Int, _ encode: (ChatEventKind) throws -> String) throws {
        var payloads: [String: String] = [:]
        for (name, kind) in kinds(inVersion: version) { payloads[name] = try encode(kind) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try encoder.encode(payloads).write(to: url(version: version))
    }
}
