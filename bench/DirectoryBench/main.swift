// The ticket system's people at scale (release build; needs the seeded Znuny 7 database, e.g. under
// scripts/with-postgres.sh, whose superuser URL it takes to add and later remove synthetic people):
//   directory-bench ZNUNY_SUPERUSER_URL [--agents 5000] [--groups 100] [--grants 8]
// 1. the first reading of N agents, G groups and their grants into a fresh ChatEngine store (SQLite);
// 2. a reading when nothing changed, and one after a single grant changed (the refresh every interval);
// 3. logins against the real rows: sha2 and Znuny's bcrypt form (cost 12), and a refused one.
import ChatCore
import ChatEngine
import ChatStore
import Foundation
import SysConfig
import TicketSystemPeople

var arguments = CommandLine.arguments.dropFirst()
guard let url = arguments.popFirst(), let owner = PostgresBackend.Endpoint(url: url) else {
    print("usage: directory-bench ZNUNY_SUPERUSER_URL [--agents N] [--groups N] [--grants N]")
    exit(2)
}
var agents = 5000, groups = 100, grants = 8
while let flag = arguments.popFirst() {
    let value = Int(arguments.popFirst() ?? "") ?? 0
    switch flag {
    case "--agents": agents = value
    case "--groups": groups = value
    case "--grants": grants = value
    default: print("unknown option \(flag)"); exit(2)
    }
}

func ms(_ duration: Duration) -> String {
    String(format: "%.1f ms", Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
}

let znuny = try await PostgresBackend.open(owner)
// synthetic people, as Znuny's own tables hold them
_ = try await znuny.read("""
    INSERT INTO permission_groups (name, valid_id, create_time, create_by, change_time, change_by)
    SELECT 'bench-group-' || g, 1, now(), 1, now(), 1 FROM generate_series(1, \(groups)) g
    """, [])
_ = try await znuny.read("""
    INSERT INTO users (login, pw, first_name, last_name, valid_id, create_time, create_by, change_time, change_by)
    SELECT 'bench.agent.' || a, encode(sha256(convert_to('Bench-' || a, 'UTF8')), 'hex'), 'Bench', 'Agent ' || a, 1,
        now(), 1, now(), 1 FROM generate_series(1, \(agents)) a
    """, [])
_ = try await znuny.read("""
    INSERT INTO group_user (user_id, group_id, permission_key, create_time, create_by, change_time, change_by)
    SELECT DISTINCT u.id, g.id, (ARRAY['ro', 'rw', 'chat_owner', 'chat_participant', 'chat_observer'])[1 + (u.id + k) % 5],
        now(), 1, now(), 1
    FROM users u CROSS JOIN generate_series(1, \(grants)) k
    JOIN permission_groups g ON g.name = 'bench-group-' || (1 + (u.id * 7 + k * 13) % \(groups))
    WHERE u.login LIKE 'bench.agent.%'
    """, [])

func cleanUp() async throws {
    _ = try await znuny.read("DELETE FROM group_user WHERE user_id IN (SELECT id FROM users WHERE login LIKE 'bench.agent.%')", [])
    _ = try await znuny.read("DELETE FROM users WHERE login LIKE 'bench.agent.%'", [])
    _ = try await znuny.read("DELETE FROM permission_groups WHERE name LIKE 'bench-group-%'", [])
}

do {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("directory-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home.appendingPathComponent("Kernel"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: home) }
    try Data("""
        package Kernel::Config;
        sub Load {
            my $Self = shift;
            $Self->{DatabaseDSN} = 'DBI:Pg:dbname=\(owner.database);host=\(owner.host);port=\(owner.port)';
            $Self->{DatabaseUser} = 'chatengine_ro';
            $Self->{DatabasePw} = 'ro-fixture-pw';
            return 1;
        }
        1;
        """.utf8).write(to: home.appendingPathComponent("Kernel/Config.pm"))
    let config = try TicketSystemConfig.read(ConfigLoader(home: home.path).loadDeployed())
    let database = TicketSystemDatabase(config: config, timeout: .seconds(30))
    let store = try await SQLStore.open(.sqlite(path: home.appendingPathComponent("chat.sqlite").path))
    let directory = TicketSystemDirectory(database: database, store: store)
    let clock = ContinuousClock()
    print("directory-bench: \(agents) agents, \(groups) groups, up to \(agents * grants) grants (SQLite store)")
    print("  first reading (copy):      \(ms(try await clock.measure { _ = try await directory.refresh() }))")
    var unchanged: [Duration] = []
    for _ in 0..<5 { unchanged.append(try await clock.measure { _ = try await directory.refresh() }) }
    print("  nothing changed (median):  \(ms(unchanged.sorted()[2]))")
    print("  of which reading Znuny:     \(ms(try await clock.measure { _ = try await database.snapshot() }))")
    _ = try await znuny.read("""
        UPDATE group_user SET permission_key = 'rw' WHERE user_id = (SELECT id FROM users WHERE login = 'bench.agent.1')
            AND permission_key <> 'rw'
        """, [])
    print("  one agent's grants changed: \(ms(try await clock.measure { _ = try await directory.refresh() }))")
    let settings = try ChatEngineSettings(ConfigLoader(home: FileManager.default.currentDirectoryPath).load())
    let engine = Engine(store: store, settings: { settings }, people: directory)
    for (login, password) in [("bench.agent.17", "Bench-17"), ("agent.owner", "Owner-Bcrypt#3")] {
        print("  login \(login): \(ms(try await clock.measure { _ = try await engine.sessions.loginAgent(login, password: password) }))")
    }
    print("  refused login: \(ms(try await clock.measure { _ = try await engine.sessions.loginAgent("bench.agent.17", password: "x") }))")
    await store.close()
    await database.close()
} catch {
    try await cleanUp()
    throw error
}
try await cleanUp()
await znuny.close()
