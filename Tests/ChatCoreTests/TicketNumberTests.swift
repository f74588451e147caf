import Foundation
import Testing

@testable import ChatCore

/// OTRS's date-checksum ticket numbers, checked against the numbers a real Znuny 7 made.
@Suite("Ticket numbers (DateChecksum)")
struct TicketNumberTests {
    static let fixtures: URL = {
        if let custom = ProcessInfo.processInfo.environment["CHATENGINE_FIXTURES"] { return URL(fileURLWithPath: custom) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }()

    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 12, _ minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TicketNumber.utc
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))!
    }

    @Test("the numbers of the seeded Znuny 7 database: same day, SystemID and counter give the same number")
    func realZnunyNumbers() throws {
        let live = Self.fixtures.appendingPathComponent("otrs/znuny7-live")
        let dump = try String(contentsOf: live.appendingPathComponent("znuny7-seeded.sql"), encoding: .utf8)
        let seed = try String(contentsOf: live.appendingPathComponent("seed.json"), encoding: .utf8)
        let systemID = String(try #require(seed.firstMatch(of: #/"SystemID":\s*"?(\d+)"?/#)).1)
        #expect(systemID == "10")
        // ticket rows: (id, 'tn', …, 'create_time' …); the welcome ticket (id 1) has Znuny's fixed number
        var numbers: [(tn: String, created: String)] = []
        for match in dump.matches(of: #/INSERT INTO public\.ticket VALUES \((\d+), '(\d+)',.*?'(\d{4}-\d\d-\d\d) \d\d:\d\d:\d\d'/#) {
            if match.1 != "1" { numbers.append((String(match.2), String(match.3))) }
        }
        let counters = dump.matches(of: #/INSERT INTO public\.ticket_number_counter VALUES \(\d+, (\d+), /#).map { Int64($0.1)! }
        #expect(numbers.count == 2)
        #expect(numbers.count == counters.count)
        for ((tn, created), counter) in zip(numbers, counters.sorted()) {
            let parts = created.split(separator: "-").map { Int($0)! }
            let day = Self.utc(parts[0], parts[1], parts[2])
            #expect(TicketNumber.make(day: day, systemID: systemID, counter: counter) == tn)
            #expect(TicketNumber.isValid(tn))
        }
        // and the numbers its GenericInterface captures hold (another day of the same system)
        #expect(TicketNumber.make(day: Self.utc(2026, 11, 21), systemID: "10", counter: 1) == "2026112110000015")
        #expect(TicketNumber.make(day: Self.utc(2026, 11, 21), systemID: "10", counter: 2) == "2026112110000024")
    }

    @Test("year, zero-padded month and day, SystemID, the counter padded to five digits, the check digit")
    func layout() {
        let number = TicketNumber.make(day: Self.utc(2027, 3, 4), systemID: "7", counter: 42)
        #expect(number.hasPrefix("20270304" + "7" + "00042"))
        #expect(number.count == 8 + 1 + 5 + 1)
        // a counter beyond five digits grows the number; it is never cut
        let big = TicketNumber.make(day: Self.utc(2027, 3, 4), systemID: "10", counter: 123_456)
        #expect(big.dropLast() == "2027030410123456")
    }

    @Test("the check digit: digits weighted 1, 2, 1, 2 … from the left; 10 minus the sum mod 10; 10 becomes 1")
    func checkDigit() {
        #expect(TicketNumber.checkDigit("12") == 5)  // 1·1 + 2·2 = 5 → 10 − 5
        #expect(TicketNumber.checkDigit("21") == 6)  // 2·1 + 1·2 = 4 → 6
        #expect(TicketNumber.checkDigit("55") == 5)  // 5 + 10 = 15 → 5
        #expect(TicketNumber.checkDigit("0") == 1, "a sum ending in 0 gives 1, never 0 or 10")
        #expect(TicketNumber.checkDigit("19") == 1)  // 1 + 18 = 19 → 1
        #expect(TicketNumber.checkDigit("202612011000001") == 5)
        #expect(!TicketNumber.isValid("2026120110000016"))
        #expect(!TicketNumber.isValid("2026120110000010"))
        #expect(!TicketNumber.isValid("20261201x0000015"))
        #expect(!TicketNumber.isValid(""))
        // every last digit but the right one is refused
        for digit in 0...9 where digit != 5 { #expect(!TicketNumber.isValid("202612011000001\(digit)")) }
    }

    @Test("the day is OTRS's time zone's (UTC by default): the counter and the number change at its midnight")
    func dayInTimeZone() throws {
        let lateEvening = Self.utc(2026, 11, 30, 23, 30)
        #expect(TicketNumber.dayKey(lateEvening) == "20261130")
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        #expect(TicketNumber.dayKey(lateEvening, timeZone: berlin) == "20261201")
        #expect(TicketNumber.make(day: lateEvening, systemID: "10", counter: 1, timeZone: berlin) == "2026120110000015")
    }
}
