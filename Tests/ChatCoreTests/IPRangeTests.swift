import Foundation
import Testing

@testable import ChatCore

@Suite("IP ranges (BlockedIPRanges)")
struct IPRangeTests {
    @Test("IPv4 CIDR ranges, bare addresses and IPv4-mapped clients")
    func ipv4() throws {
        let range = try IPRange("192.0.2.0/24")
        #expect(range.contains("192.0.2.0") && range.contains("192.0.2.255") && range.contains("::ffff:192.0.2.9"))
        #expect(!range.contains("192.0.3.0") && !range.contains("192.0.1.255") && !range.contains("2001:db8::1"))
        let single = try IPRange("203.0.113.7")
        #expect(single.contains("203.0.113.7") && !single.contains("203.0.113.8"))
        let odd = try IPRange("10.1.2.3/13")  // host bits in the entry are ignored, as CIDR does
        #expect(odd.contains("10.0.0.1") && odd.contains("10.7.255.255") && !odd.contains("10.8.0.0"))
        #expect(try IPRange("0.0.0.0/0").contains("8.8.8.8"))
    }

    @Test("IPv6 ranges with :: compression, full form and an IPv4 tail")
    func ipv6() throws {
        let range = try IPRange("2001:db8::/32")
        #expect(range.contains("2001:db8::1") && range.contains("2001:0db8:ffff:0:0:0:0:1") && range.contains("2001:DB8::"))
        #expect(!range.contains("2001:db9::1") && !range.contains("192.0.2.1") && !range.contains("::1"))
        #expect(try IPRange("::1").contains("0:0:0:0:0:0:0:1"))
        #expect(try IPRange("fe80::/10").contains("fe80::1%eth0"))
        #expect(try IPRange("::ffff:0:0/96").contains("198.51.100.1"), "the IPv4-mapped block holds every IPv4 address")
        #expect(try IPRange("2001:db8::7/127").contains("2001:db8::6"))
    }

    @Test("a bad entry is refused, naming it and the problem")
    func badEntries() {
        for entry in ["192.0.2.0/33", "2001:db8::/129", "192.0.2/24", "256.0.0.1", "example.com", "1.2.3.4/x", "1::2::3",
                      "1:2:3:4:5:6:7:8:9", "/24", "192.0.2.0/24/1", "12345::", "01.2.3.4567", ""]
        {
            #expect(throws: IPRangeError.self, "\(entry)") { try IPRange(entry) }
        }
        do {
            _ = try IPRange.list(["192.0.2.0/24", " ", "10.0.0.0/99"])
            Issue.record("a bad list was read")
        } catch {
            #expect(error.entry == "10.0.0.0/99" && error.description.contains("prefix length"))
        }
    }

    @Test("unreadable client addresses are in no range")
    func unreadableClients() throws {
        let all = try IPRange("0.0.0.0/0")
        #expect(!all.contains("unknown") && !all.contains("") && !all.contains("1.2.3"))
        #expect([try IPRange("192.0.2.0/24"), try IPRange("2001:db8::/32")].containsAddress("2001:db8::5"))
    }
}

@Suite("Block this visitor: the rules")
struct BlockVisitorRuleTests {
    @Test("a visitor's chat: its owner blocks and it closes; an agent never in it may not")
    func rules() throws {
        let owner = AgentID(1)
        let (chat, _) = Fixture.chat([
            (.visitor(Fixture.visitor), .created(channel: Fixture.sales.id, target: .channel)),
            (.agent(owner), .accepted(agentNumber: 1)),
        ])
        let (visitor, kinds) = try ChatRules.blockVisitor(chat, by: .agent(Fixture.agent(1, level: .owner)))
        #expect(visitor == Fixture.visitor && kinds == [.closed])
        #expect(throws: ChatError.notInChat) { try ChatRules.blockVisitor(chat, by: .agent(Fixture.agent(9, level: .owner))) }
        #expect(throws: ChatError.self) { try ChatRules.blockVisitor(chat, by: .visitor(Fixture.visitor)) }
    }
}
