import ChatCore
import Foundation
import Testing

@Suite("Poll limit and fresh answers (pure)")
struct PollLimitTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("fixed windows per address: the limit, Retry-After to the window's end, release")
    func windows() {
        var limit = PollLimit()
        for _ in 0..<2 { #expect(limit.admit("a", maxPerWindow: 2, windowSeconds: 10, now: start) == .allowed) }
        #expect(limit.admit("a", maxPerWindow: 2, windowSeconds: 10, now: start.addingTimeInterval(0.2)) == .refused(retryAfter: 10))
        #expect(limit.admit("a", maxPerWindow: 2, windowSeconds: 10, now: start.addingTimeInterval(9.5)) == .refused(retryAfter: 1))
        #expect(limit.admit("b", maxPerWindow: 2, windowSeconds: 10, now: start.addingTimeInterval(9.5)) == .allowed)
        #expect(limit.admit("a", maxPerWindow: 2, windowSeconds: 10, now: start.addingTimeInterval(10)) == .allowed)
    }

    @Test("bounded memory: when full, expired windows go first, then everyone starts over")
    func capacity() {
        var limit = PollLimit(capacity: 3)
        for name in ["a", "b", "c"] { _ = limit.admit(name, maxPerWindow: 1, windowSeconds: 10, now: start) }
        #expect(limit.admit("a", maxPerWindow: 1, windowSeconds: 10, now: start) == .refused(retryAfter: 10))
        _ = limit.admit("c", maxPerWindow: 1, windowSeconds: 10, now: start.addingTimeInterval(5))
        #expect(limit.admit("d", maxPerWindow: 1, windowSeconds: 10, now: start.addingTimeInterval(11)) == .allowed)
        #expect(limit.trackedAddresses == 1)
        for name in ["e", "f"] { _ = limit.admit(name, maxPerWindow: 1, windowSeconds: 10, now: start.addingTimeInterval(11)) }
        #expect(limit.admit("g", maxPerWindow: 1, windowSeconds: 10, now: start.addingTimeInterval(11)) == .allowed)
        #expect(limit.trackedAddresses == 1)
    }

    @Test("a fresh answer lasts the lifetime from when its read began, never longer, and not across a clock going back")
    func freshness() {
        let answer = FreshAnswer(true, readStartedAt: start)
        #expect(answer.secondsLeft(lifetime: 5, now: start) == 5)
        #expect(answer.secondsLeft(lifetime: 5, now: start.addingTimeInterval(4.9)) == 0)
        #expect(answer.secondsLeft(lifetime: 5, now: start.addingTimeInterval(5)) == nil)
        #expect(answer.secondsLeft(lifetime: 0, now: start) == nil)
        #expect(answer.secondsLeft(lifetime: 5, now: start.addingTimeInterval(-1)) == nil)
    }
}
