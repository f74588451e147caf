import ChatCore
import ChatStore
import Foundation

/// One message's cost with the per-sender limit checked in the database (`--sender-rate`): sequential appends,
/// each acknowledged after its commit, without the check (as before, when the limit was in memory), with it for
/// a sender with few recent messages, and with it for a sender with hundreds of messages in the last minute, in a
/// log that also holds `others` messages of other senders.
func senderRateBenchmark(store: SQLStore, others: Int, engine: String) async throws {
    let clock = ContinuousClock()
    let suffix = UUID().uuidString.prefix(8)
    let channel = try await store.addChannel(name: "RateBench-\(suffix)", group: "users", comment: "")
    var chat = try await store.createChat(actor: .customer(CustomerUserID(Int64.random(in: 1_000_000...9_000_000))),
        kinds: [.created(channel: channel.id, target: .channel)], commandID: "rate-\(suffix)", now: Date()).chat
    // other senders' messages, so the check has a big log to look past
    let event = #"{"v":1,"type":"message","visibility":"everyone","text":"filler"}"#
    let now = StoreClock.millis()
    let chatID = chat.id.rawValue, firstSeq = chat.lastSeq
    for start in stride(from: 0, to: others, by: 500) {
        let count = min(500, others - start)
        let rows = Array(repeating: "(?, ?, ?, 'visitor', ?, 'message', ?)", count: count).joined(separator: ", ")
        let base = firstSeq + Int64(start)
        _ = try await store.database.write { sql in
            try await sql.query("INSERT INTO ce_chat_event (chat_id, seq, at, actor_kind, actor_id, kind, payload) VALUES " + rows,
                (0..<count).flatMap { i in [SQLValue.int(chatID), .int(base + Int64(i + 1)), .int(now - Int64(i)),
                    .text("bench-\(suffix)-\(start + i)"), .text(event)] })
        }
    }
    if others > 0 {
        let last = firstSeq + Int64(others)
        _ = try await store.database.write { sql in
            try await sql.execute("UPDATE ce_chat SET last_seq = ? WHERE id = ?", .int(last), .int(chatID))
        }
        chat = try await store.chat(id: chat.id) ?? chat
    }
    func run(_ label: String, sender: (Int) -> Person, rate: SenderRate?, count: Int) async throws {
        var times: [Double] = []
        var refused = 0
        for index in 0..<count {
            let t = clock.now
            do {
                chat = try await store.append(to: chat, actor: sender(index), kinds: [.message(text: "bench \(index)", visibility: .everyone)],
                    commandID: nil, now: Date(), senderRate: rate).chat
            } catch is SenderRateExceeded {
                refused += 1
            }
            times.append(seconds(clock.now - t) * 1e6)
        }
        times.sort()
        print("\(engine): one message, \(label): median \(format(times[times.count / 2])) µs, p90 \(format(times[times.count * 9 / 10])) µs"
            + (refused > 0 ? " (\(refused) of \(count) refused)" : ""))
    }
    let defaults = SenderRate(burst: 60, perMinute: 300)
    try await run("no limit check (the in-memory limit cost about a microsecond)", sender: { _ in .agent(AgentID(900_001)) },
        rate: nil, count: 300)
    try await run("limit checked in the log, senders without recent messages", sender: { .agent(AgentID(Int64(910_000 + $0))) },
        rate: defaults, count: 300)
    try await run("limit checked in the log, one sender below the burst", sender: { _ in .agent(AgentID(900_002)) },
        rate: SenderRate(burst: 100_000, perMinute: 100_000), count: 300)
    // a script at the limit: 360 messages in the last minute, each attempt reads the ~300 beyond the burst
    let spammer = Person.agent(AgentID(900_003))
    let filled = StoreClock.millis()
    let seq = chat.lastSeq
    _ = try await store.database.write { sql in
        let rows = Array(repeating: "(?, ?, ?, 'agent', '900003', 'message', ?)", count: 360).joined(separator: ", ")
        _ = try await sql.query("INSERT INTO ce_chat_event (chat_id, seq, at, actor_kind, actor_id, kind, payload) VALUES " + rows,
            (0..<360).flatMap { i in [SQLValue.int(chatID), .int(seq + Int64(i + 1)), .int(filled - Int64(i) * 160), .text(event)] })
        try await sql.execute("UPDATE ce_chat SET last_seq = ? WHERE id = ?", .int(seq + 360), .int(chatID))
    }
    chat = try await store.chat(id: chat.id) ?? chat
    try await run("limit checked in the log, a sender at the limit (refused)", sender: { _ in spammer }, rate: defaults, count: 100)
    try await run("no limit check, again", sender: { _ in .agent(AgentID(900_004)) }, rate: nil, count: 300)
}
