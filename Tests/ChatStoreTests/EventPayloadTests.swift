import ChatCore
import Foundation
import Testing

@testable import ChatStore

@Suite("Event payloads")
struct EventPayloadTests {
    @Test("hand-written message JSON equals Foundation's and reads back", arguments: [
        "plain", "Grüße 你好 😀 🇩🇪", "quotes \" and \\ backslash / slash", "line\nbreak\ttab\r\u{0}\u{1F}\u{7F}",
        "e\u{301} combining", "", "{\"json\":\"inside\"}",
    ])
    func messageJSON(_ text: String) throws {
        for visibility in [MessageVisibility.everyone, .agents] {
            let kind = ChatEventKind.message(text: text, visibility: visibility)
            let ours = try EventPayload.encode(kind)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let foundation = try encoder.encode(kind)
            #expect(try JSONSerialization.jsonObject(with: Data(ours.utf8)) as? NSDictionary
                == JSONSerialization.jsonObject(with: foundation) as? NSDictionary)
            #expect(try EventPayload.decode(ours) == kind)
            // the hand-written reader takes every message without \u escapes (control characters)
            let needsFallback = text.unicodeScalars.contains { $0.value < 0x20 && !["\n", "\r", "\t"].contains($0) }
            #expect((EventPayload.decodeMessage(ours) == kind) == !needsFallback)
        }
    }

    @Test("every other kind round-trips")
    func otherKinds() throws {
        let kinds: [ChatEventKind] = [
            .created(channel: ChannelID(3), target: .agent(AgentID(4))), .accepted(agentNumber: 2), .accepted(agentNumber: nil),
            .declined, .invited(agent: AgentID(9)), .invitationDeclined, .joined(role: .observer, agentNumber: 3),
            .roleChanged(from: .observer, to: .participant), .channelChanged(from: ChannelID(1), to: ChannelID(2)),
            .monitoringChanged(.customerActivity), .left(role: .owner), .closed,
        ]
        for kind in kinds { #expect(try EventPayload.decode(try EventPayload.encode(kind)) == kind) }
    }
}
