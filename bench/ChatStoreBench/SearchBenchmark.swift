import ChatCore
import ChatStore
import Foundation

/// `chats` closed chats of 20 messages each (words from a few hundred, in German, English and Russian, one
/// rare order number per chat), all taken by `agent`; then the agent's closed-chat search for common, rare,
/// folded and short terms: median and p99 of each, and the size of the search index.
/// With `--search-only`, the agent with the most chats in the store searches, after the store was filled up to
/// `chats` (so that a filled file can be searched again without writing it anew).
func searchOnly(store: SQLStore, chats: Int, engine: String) async throws {
    let busiest = try await store.database.read("""
        SELECT person_id, COUNT(*) AS n FROM ce_chat_participant WHERE person_kind = 'agent'
        GROUP BY person_id ORDER BY n DESC LIMIT 1
        """, []).first
    if let busiest, let id = Int64(try busiest.text("person_id")) {
        try await searchBenchmark(store: store, agent: AgentID(id), chats: chats, existing: Int(try busiest.int("n")), engine: engine)
    } else {
        let agent = try await store.addAgent(NewAgent(login: "search-bench", firstName: "Search", lastName: "Bench", email: "s@x",
            passwordHash: nil))
        try await searchBenchmark(store: store, agent: agent.id, chats: chats, existing: 0, engine: engine)
    }
}

func searchBenchmark(store: SQLStore, agent: AgentID, chats: Int, existing: Int = 0, engine: String) async throws {
    let clock = ContinuousClock()
    let syllables = ["be", "stel", "lung", "dru", "cker", "rech", "nung", "lie", "fe", "rung", "kon", "to", "pass", "wort",
        "in", "voice", "prin", "ter", "ac", "count", "при", "вет", "за", "каз", "ст", "раße", "grü", "ße", "mö", "bel"]
    // the same words in every run, so that a store filled by an earlier run is searched for words it holds
    var generator = SplitMix64(seed: 11)
    func word() -> String { (0..<Int.random(in: 2...4, using: &generator)).map { _ in syllables.randomElement(using: &generator)! }.joined() }
    let vocabulary = (0..<600).map { _ in word() }
    var channel = try await store.channels().first
    if channel == nil { channel = try await store.addChannel(name: "Search bench", group: "users", comment: "") }
    let channelID = channel!.id
    let visitorBase = UUID().uuidString.prefix(8)
    let start = clock.now
    let workers = 32
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<workers {
            group.addTask {
                var generator = SystemRandomNumberGenerator()
                for n in stride(from: existing + worker, to: chats, by: workers) {
                    let messages: [ChatEventKind] = (0..<20).map { m in
                        var words = (0..<Int.random(in: 4...14, using: &generator)).map { _ in vocabulary.randomElement(using: &generator)! }
                        if m == 7 { words.append("Auftrag A\(n)x") }
                        return .message(text: words.joined(separator: " ").capitalized, visibility: m == 19 ? .agents : .everyone)
                    }
                    var result = try await store.createChat(actor: .visitor(VisitorID("\(visitorBase)-\(n)")),
                        kinds: [.created(channel: channelID, target: .channel)], commandID: nil, now: Date())
                    result = try await store.append(to: result.chat, actor: .agent(agent),
                        kinds: [.accepted(agentNumber: 1)] + messages + [.closed], commandID: nil, now: Date())
                }
            }
        }
        try await group.waitForAll()
    }
    let filled = seconds(clock.now - start)
    print("\(engine): \(chats - existing) closed chats of 20 messages written in \(String(format: "%.0f", filled)) s "
        + "(\(chats) in all)")

    let terms: [(String, String)] = [
        ("no search: the latest", ""), ("common word", vocabulary[0]), ("another common word", vocabulary[1].uppercased()),
        ("rare order number", "A\(chats / 2)x"),
        ("a rare phrase of two common words", vocabulary[0] + " " + vocabulary[1]), ("folded (ẞ, STRASSE)", "STRASSE"),
        ("Cyrillic upper case", "ПРИВЕТ"), ("two letters", "zz"), ("no match", "qxqxqx"),
    ]
    for (name, term) in terms {
        var times: [Double] = []
        var found = 0
        for i in 0..<23 {
            let t = clock.now
            found = try await store.closedChats(of: .agent(agent), search: term, limit: 50).count
            if i >= 3 { times.append(seconds(clock.now - t) * 1000) }
        }
        times.sort()
        print("\(engine): search \(name) '\(term)': \(found) shown, median \(String(format: "%.1f", times[times.count / 2])) ms, "
            + "p99 \(String(format: "%.1f", times[times.count * 99 / 100])) ms")
    }
    let size: Int64?
    switch store.database.dialect {
    case .postgres:
        size = try await store.database.read("SELECT pg_total_relation_size('ce_message_search') AS n", []).first?.int("n")
    case .sqlite:
        size = try await store.database.read("""
            SELECT SUM(pgsize) AS n FROM dbstat WHERE name LIKE 'ce_message_search%'
            """, []).first?.optionalInt("n")
    }
    print("\(engine): search index size \(size.map { String(format: "%.0f MB", Double($0) / 1e6) } ?? "unknown")")
}

/// A seeded generator (SplitMix64): the benchmark's vocabulary is the same in every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
