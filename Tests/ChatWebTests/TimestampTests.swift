import Foundation
import Testing

@testable import ChatWeb

@Suite("Event timestamps")
struct TimestampTests {
    @Test("the hand-written ISO 8601 form matches Foundation's, milliseconds and UTC included")
    func matchesFoundation() {
        let foundation: (Date) -> String = { date in
            date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        }
        let dates = [0, 1, 999, 1_000, 1_795_321_992_345, 951_782_400_000, 4_102_444_799_999, -1, -1_500, -86_400_000]
            .map { Date(timeIntervalSince1970: Double($0) / 1000) }
        for date in dates {
            #expect(ChatPresenter.iso(date) == foundation(date), "\(date.timeIntervalSince1970)")
        }
    }
}
