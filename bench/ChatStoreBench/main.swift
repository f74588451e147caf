// Store benchmark (release build; bench/chat-store.sh runs it on SQLite and PostgreSQL):
//   chatstore-bench sqlite PATH | postgres URL   [--chats 1000] [--messages 20000] [--catchup] [--search N [--search-only]]
// 1. raw commit rate of the engine through the same driver: single-row autocommit inserts, and batched;
// 2. durable messages per second through ChatService.postMessage into N open chats (acknowledged after commit);
// 3. with --catchup: catch-up reads of 100 events after seq N in chats of 1k, 100k and 1M events;
// 4. with --search N: N closed chats of 20 messages, then closed-chat searches: median and p99, index size;
//    with --search-only as well, only this, on the store's busiest agent, filling the store up to N closed chats.
// 5. with --sender-rate N (alone): one message's cost with and without the per-sender limit checked in the log
//    (N other senders' messages in the log).
import ChatCore
import ChatEngine
import ChatStore
import Foundation
import SysConfig

struct Options {
    var engine = ""
    var target = ""
    var chats = 1000
    var messages = 20000
    var catchUp = false
    var searchChats = 0
    var searchOnly = false
    var senderRateOthers: Int?

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()
        engine = rest.popFirst() ?? ""
        target = rest.popFirst() ?? ""
        while let flag = rest.popFirst() {
            switch flag {
            case "--chats": chats = Int(rest.popFirst() ?? "") ?? chats
            case "--messages": messages = Int(rest.popFirst() ?? "") ?? messages
            case "--catchup": catchUp = true
            case "--search": searchChats = Int(rest.popFirst() ?? "") ?? 100_000
            case "--search-only": searchOnly = true
            case "--sender-rate": senderRateOthers = Int(rest.popFirst() ?? "") ?? 100_000
            default: print("unknown option \(flag)"); exit(2)
            }
        }
    }

    var location: StoreLocation? {
        switch engine {
        case "sqlite": .sqlite(path: target)
        case "postgres": PostgresBackend.Endpoint(url: target).map { .postgres($0) }
        default: nil
        }
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func format(_ value: Double) -> String { String(format: "%.0f", value) }

let options = Options(CommandLine.arguments)
guard let location = options.location else {
    print("usage: chatstore-bench sqlite PATH | postgres URL [--chats N] [--messages N] [--catchup]")
    exit(2)
}
let clock = ContinuousClock()
let store = try await SQLStore.open(location)
if let others = options.senderRateOthers {
    try await senderRateBenchmark(store: store, others: others, engine: options.engine)
    await store.close()
    exit(0)
}
let database = store.database

if options.searchOnly {
    try await searchOnly(store: store, chats: options.searchChats > 0 ? options.searchChats : 100_000, engine: options.engine)
    await store.close()
    exit(0)
}

// 1. the engine alone
try await database.write { sql in
    try await sql.execute("CREATE TABLE IF NOT EXISTS bench_raw (id BIGINT NOT NULL, payload TEXT NOT NULL)")
    try await sql.execute("DELETE FROM bench_raw")
}
let payload = String(repeating: "x", count: 100)
let autocommitRows = options.engine == "sqlite" ? 300 : 1000
var start = clock.now
for i in 0..<autocommitRows {
    // one transaction per row: one durable commit each
    try await database.write { sql in try await sql.execute("INSERT INTO bench_raw VALUES (?, ?)", .int(Int64(i)), .text(payload)) }
}
let autocommitRate = Double(autocommitRows) / seconds(clock.now - start)
let batchedRows = 20000
start = clock.now
try await database.write { sql in
    for i in 0..<batchedRows { try await sql.execute("INSERT INTO bench_raw VALUES (?, ?)", .int(Int64(i)), .text(payload)) }
}
let batchedRate = Double(batchedRows) / seconds(clock.now - start)
print("\(options.engine): raw single-row commits \(format(autocommitRate))/s; raw batched inserts \(format(batchedRate)) rows/s")

// 2. durable messages through the chat service, one sender per chat, each waiting for its acknowledgement
var loaded = try ActiveConfig.load(home: FileManager.default.currentDirectoryPath).chatEngine
// one agent writes into every chat as fast as it goes: the bench measures the store, not the per-sender limit
loaded.messageBurstPerSender = 1_000_000
loaded.messagesPerMinutePerSender = 100_000_000
let settings = loaded
let service = ChatService(store: store, settings: { settings })
let admin = Administration(service: service)
let suffix = String(UUID().uuidString.prefix(6))
let agent = try await admin.addAgent(login: "bench-\(suffix)", firstName: "Bench", lastName: "Agent", email: "b@x", password: nil)
try await store.link(agent: agent.id, group: "users", permission: .ro)
try await store.link(agent: agent.id, group: "users", permission: .chatOwner)
try await service.setAvailability(.external, for: agent.id)  // through the service: its cached context sees it at once
service.presence.input(.agent(agent.id), at: Date())
try await store.addCustomerCompany(id: "BENCH-\(suffix)", name: "Bench")
var chatIDs: [ChatID] = []
for n in 0..<options.chats {
    let customer = try await store.addCustomerUser(NewCustomerUser(login: "c\(n)-\(suffix)", customerID: "BENCH-\(suffix)",
        email: "c@x", passwordHash: nil))
    let chat = try await service.requestChat(by: .customer(customer.id), channel: nil, firstMessage: nil, commandID: nil).chat
    _ = try await service.accept(chat.id, by: .agent(agent.id))
    chatIDs.append(chat.id)
}
let perChat = max(1, options.messages / options.chats)
let ids = chatIDs
let agentID = agent.id
start = clock.now
try await withThrowingTaskGroup(of: Void.self) { group in
    for (index, chat) in ids.enumerated() {
        group.addTask {
            for m in 0..<perChat {
                _ = try await service.postMessage(chat, text: "message \(m) to chat \(index): Grüße 👋", by: .agent(agentID),
                    commandID: "bench-\(m)")
            }
        }
    }
    try await group.waitForAll()
}
let total = perChat * ids.count
let messageRate = Double(total) / seconds(clock.now - start)
print("\(options.engine): \(total) durable messages into \(ids.count) open chats: \(format(messageRate)) messages/s "
    + "(\(String(format: "%.2f", messageRate / batchedRate))x of raw batched, \(String(format: "%.1f", messageRate / autocommitRate))x of raw single-row commits)")

// 3. catch-up reads stay flat as chats and the store grow
if options.catchUp {
    for target in [1_000, 100_000, 1_000_000] {
        let customer = try await store.addCustomerUser(NewCustomerUser(login: "bulk\(target)-\(suffix)",
            customerID: "BENCH-\(suffix)", email: "c@x", passwordHash: nil))
        let chat = try await service.requestChat(by: .customer(customer.id), channel: nil, firstMessage: nil, commandID: nil).chat
        let bulkChat = chat.id
        var size = chat.lastSeq
        // fill the log directly in big transactions (the path under test is the read)
        let event = #"{"v":1,"type":"message","visibility":"everyone","text":"catch-up filler"}"#
        while size < Int64(target) {
            let upTo = min(Int64(target), size + 5000)
            let from = size
            try await database.write { sql in
                // 500 rows a statement
                for start in stride(from: from + 1, through: upTo, by: 500) {
                    let seqs = Array(start...min(upTo, start + 499))
                    let rows = Array(repeating: "(?, ?, 0, 'agent', '1', 'message', ?)", count: seqs.count).joined(separator: ", ")
                    _ = try await sql.query("INSERT INTO ce_chat_event (chat_id, seq, at, actor_kind, actor_id, kind, payload) VALUES " + rows,
                        seqs.flatMap { [SQLValue.int(bulkChat.rawValue), .int($0), .text(event)] })
                }
                try await sql.execute("UPDATE ce_chat SET last_seq = ? WHERE id = ?", .int(upTo), .int(bulkChat.rawValue))
            }
            size = upTo
        }
        var times: [Double] = []
        for i in 0..<300 {
            let after = Int64.random(in: 0..<(Int64(target) - 100))
            let t = clock.now
            let events = try await store.events(of: bulkChat, after: after, limit: 100)
            if i > 20 { times.append(seconds(clock.now - t) * 1e6) }
            precondition(events.count == 100)
        }
        times.sort()
        print("\(options.engine): catch-up of 100 events in a chat of \(target) events: median \(format(times[times.count / 2])) µs, "
            + "p99 \(format(times[times.count * 99 / 100])) µs")
    }
}
if options.searchChats > 0 {
    try await searchBenchmark(store: store, agent: agentID, chats: options.searchChats, engine: options.engine)
}
await store.close()
