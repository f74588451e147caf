import ChatCore
import ChatStore
import Foundation

/// `chats` closed chats of 20 messages each (words from a few hundred, in German, English and Russian, one
/// rare order number per chat), all taken by `agent`; then the agent's closed-chat search for common, rare,
/// folded and short terms: median and p99 of each, and the size of the search index.
func searchBenchmark(store: SQLStore, agent: AgentID, chats: Int, engine: String) async throws {
    let clock = ContinuousClock()
    let syllables = ["be", "stel", "lung", "dru", "cker", "rech", "nung", "lie", "fe", "rung", "kon", "to", "pass", "wort",
        "in", "voice", "prin", "ter", "ac", "count", "при", "вет", "за", "каз", "ст", "раße", "grü", "ße", "mö", "bel"]
    var generator = SystemRandomNumberGenerator()
    func word() -> String { (0..<Int.random(in: 2...4, using: &generator)).map { _ in syllables.randomElement(using: &generator)! }.joined() }
    let vocabulary = (0..<600).map { _ in word() }
    let channel = try await store.channels().first!
    let visitorBase = UUID().uuidString.prefix(8)
    let start = clock.now
    let workers = 32
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<workers {
            group.addTask {
                var generator = SystemRandomNumberGenerator()
                for n in stride(from: worker, to: chats, by: workers) {
                    let messages: [ChatEventKind] = (0..<20).map { m in
                        var words = (0..<Int.random(in: 4...14, using: &generator)).map { _ in vocabulary.randomElement(using: &generator)! }
                        if m == 7 { words.append("Auftrag A\(n)-\(visitorBase)") }
                        return .message(text: words.joined(separator: " ").capitalized, visibility: m == 19 ? .agents : .everyone)
                    }
                    var result = try await store.createChat(actor: .visitor(VisitorID("\(visitorBase)-\(n)")),
                        kinds: [.created(channel: channel.id, target: .channel)], commandID: nil, now: Date())
                    result = try await store.append(to: result.chat, actor: .agent(agent),
                        kinds: [.accepted(agentNumber: 1)] + messages + [.closed], commandID: nil, now: Date())
                }
            }
        }
        try await group.waitForAll()
    }
    let filled = seconds(clock.now - start)
    print("\(engine): \(chats) closed chats of 20 messages written in \(String(format: "%.0f", filled)) s")

    let terms: [(String, String)] = [
        ("common word", vocabulary[0]), ("another common word", vocabulary[1].uppercased()),
        ("rare order number", "A\(chats / 2)-\(visitorBase)"), ("folded (ẞ, STRASSE)", "STRASSE"),
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
