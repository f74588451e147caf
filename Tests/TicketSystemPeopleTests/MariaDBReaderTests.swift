import Foundation
import MariaDBClient
import Testing

@testable import TicketSystemPeople

/// The MySQL/MariaDB reader against the seeded Znuny 7 of fixtures/otrs/znuny7-live-mysql, loaded by
/// scripts/with-mariadb.sh, read as its read-only account chatengine_ro; the answers are Znuny's own on
/// MariaDB (DIFFERENCES.md, seed.json `database.reader_checks_as_chatengine_ro`).
@Suite("the ticket system's MariaDB, read as Znuny reads it", .serialized)
struct MariaDBReaderTests {
    static func port() throws -> Int {
        let port = ProcessInfo.processInfo.environment["CHATENGINE_TEST_MARIADB_PORT"].flatMap(Int.init)
        return try #require(port, "CHATENGINE_TEST_MARIADB_PORT is not set: run the tests with `make test` (scripts/with-mariadb.sh)")
    }

    static func config(_ dsnTail: String? = nil, user: String = "chatengine_ro", password: String = "ro-fixture-pw")
        throws -> TicketSystemConfig
    {
        let dsn = "DBI:mysql:" + (try dsnTail ?? "database=znuny;host=127.0.0.1;port=\(port())")
        return try TicketSystemConfigTests.read("""
                $Self->{DatabaseUser} = '\(user)';
                $Self->{DatabasePw} = '\(password)';
                $Self->{DatabaseDSN} = '\(dsn)';
            """).get()
    }

    static func withReader<T>(_ config: TicketSystemConfig? = nil, _ body: (TicketSystemMariaDB) async throws -> T) async throws -> T {
        let reader = TicketSystemMariaDB(config: try config ?? Self.config(), timeout: .seconds(10))
        do {
            let result = try await body(reader)
            await reader.close()
            return result
        } catch {
            await reader.close()
            throw error
        }
    }

    /// A pool straight on the server, as `user`, read-only or not.
    static func pool(user: String, password: String, readOnly: Bool) throws -> MariaDBPool {
        MariaDBPool(endpoint: MariaDBEndpoint(host: "127.0.0.1", port: try port(), database: "znuny", user: user,
            password: password, readOnly: readOnly), size: 1)
    }

    @Test("Znuny 7's layout: permission_groups, group_user without permission_value")
    func layout() async throws {
        let layout = try await Self.withReader { try await $0.checkLayout() }
        #expect(layout == TicketSystemLayout(groupsTable: "permission_groups", groupUserHasValue: false))
    }

    @Test("an agent is found as Znuny's plain = finds them: other case, a trailing space, an accent; the stored login comes back",
        arguments: [("zadmin", "zadmin"), ("ZAdmin", "zadmin"), ("zadmin ", "zadmin"), ("zädmin", "zadmin"),
            ("AGENT.OWNER", "agent.owner"), (" zadmin", nil), ("zadmin😀", nil), ("😀", nil), ("agent.invalid", nil),
            ("nobody", nil)] as [(String, String?)])
    func agentLookup(typed: String, stored: String?) async throws {
        let row = try await Self.withReader { try await $0.agent(login: typed) }
        #expect(row?.login == stored)
        if stored == "zadmin" {
            #expect(row?.key == "2")
            #expect(row?.storedPassword == "0f249501820da8c5d8a414890343242cb4af3bea2325e602651540b198403727")
        }
    }

    @Test("a customer user likewise, with company and validity",
        arguments: [("jdoe", "jdoe"), ("JDOE", "jdoe"), ("JDOE ", "jdoe"), ("Mmuster", "mmuster"), ("jdoe🙂", nil),
            ("old.customer", "old.customer")] as [(String, String?)])
    func customerLookup(typed: String, stored: String?) async throws {
        let row = try await Self.withReader { try await $0.customer(login: typed) }
        #expect(row?.user.login == stored)
        if stored == "jdoe" {
            #expect(row?.user.customerID == "ACME" && row?.user.companyName == "ACME Corp" && row?.user.isValid == true)
        }
        if stored == "old.customer" { #expect(row?.user.isValid == false) }
    }

    @Test("a session's rows under two spellings of its ID are one session; the newest UserLastRequest counts")
    func splitSession() async throws {
        for id in ["vQ4GbaEqwmLTdp9KYAmF4zu2TxmbICFd", "Vq4gBAeQWMltDP9kyaMf4ZU2tXMBicfD", "vq4gbaeqwmltdp9kyamf4zu2txmbicfd"] {
            let session = try #require(try await Self.withReader { try await $0.session(id: id) }, "\(id)")
            #expect(session.userID == "3" && session.login == "agent.rw" && session.userType == "User")
            #expect(session.lastRequest == 1_796_137_451, "the row written under the other spelling")
            #expect(session.sessionStart == 1_796_137_451 && session.remoteAddress == "127.0.0.1")
        }
        #expect(try await Self.withReader { try await $0.session(id: "Q8zv9Y2kF0aL4mN7pR1sT6uW3xZ5bC8d") } == nil)
        #expect(try await Self.withReader { try await $0.session(id: "vQ4GbaEqwmLTdp9KYAmF4zu2TxmbICFd😀") } == nil)
    }

    @Test("the snapshot: e-mails from the LONGBLOB preferences decoded, Znuny's groups and roles")
    func snapshot() async throws {
        let snapshot = try await Self.withReader { try await $0.snapshot() }
        #expect(snapshot.agents.first { $0.login == "zadmin" }?.email == "zadmin@znuny-fixture.test")
        #expect(snapshot.groups.map(\.name) == ["users", "admin", "stats", "support"])
        #expect(snapshot.roles.map(\.name) == ["Chat Owners"])
        #expect(snapshot.agents.first { $0.login == "agent.invalid" }?.isValid == false)
    }

    @Test("read-only twice over: chatengine_ro has no write grant, and every reader session is READ ONLY")
    func readOnly() async throws {
        let readOnlyUser = try Self.pool(user: "chatengine_ro", password: "ro-fixture-pw", readOnly: false)
        let error = await #expect(throws: MariaDBError.self) {
            try await readOnlyUser.withConnection { try $0.query("UPDATE users SET title = title WHERE id = ?", [.int(2)]) }
        }
        #expect(error?.code == 1142, "UPDATE command denied")
        readOnlyUser.close()

        let owner = try Self.pool(user: "znuny", password: "znuny-db-pw", readOnly: true)
        let refused = await #expect(throws: MariaDBError.self) {
            try await owner.withConnection { try $0.query("UPDATE users SET title = title WHERE id = ?", [.int(2)]) }
        }
        #expect(refused?.code == 1792, "cannot execute in a READ ONLY transaction")
        owner.close()
    }

    @Test("the connection speaks utf8mb4; values travel as parameters, never as SQL")
    func connection() async throws {
        let pool = try Self.pool(user: "chatengine_ro", password: "ro-fixture-pw", readOnly: true)
        let rows = try await pool.withConnection { connection in
            try connection.query("SELECT @@character_set_connection, @@character_set_results, ?, ?, ?",
                [.text("x' OR '1'='1"), .int(-5), .text("客服 ✅")])
        }
        #expect(rows.first?.text(0) == "utf8mb4" && rows.first?.text(1) == "utf8mb4")
        #expect(rows.first?.text(2) == "x' OR '1'='1" && rows.first?.int(3) == -5 && rows.first?.text(4) == "客服 ✅")
        let long = String(repeating: "ä", count: 5000)
        #expect(try await pool.withConnection { try $0.query("SELECT ?", [.text(long)]) }.first?.text(0) == long,
            "longer than the inline buffer")
        pool.close()
    }

    @Test("the Unix socket of mysql_socket (host localhost), as a DSN names it")
    func socket() async throws {
        let socket = try #require(ProcessInfo.processInfo.environment["CHATENGINE_TEST_MARIADB_SOCKET"])
        let config = try Self.config("database=znuny;host=localhost;mysql_socket=\(socket)")
        #expect(try await Self.withReader(config) { try await $0.agent(login: "zadmin") }?.key == "2")
    }

    @Test("TLS when the DSN asks: encrypted; the server verified against its CA; a server that fails verification is refused")
    func tls() async throws {
        let ca = try #require(ProcessInfo.processInfo.environment["CHATENGINE_TEST_MARIADB_CA"])
        let port = try Self.port()
        for tls in [MariaDBEndpoint.TLS.required(verifyServer: false, caFile: nil, caPath: nil),
            .required(verifyServer: true, caFile: ca, caPath: nil)]
        {
            let pool = MariaDBPool(endpoint: MariaDBEndpoint(host: "127.0.0.1", port: port, database: "znuny",
                user: "chatengine_ro", password: "ro-fixture-pw", tls: tls), size: 1)
            #expect(try await pool.withConnection { $0.tlsCipher } != nil, "\(tls)")
            pool.close()
        }
        let config = try Self.config("database=znuny;host=127.0.0.1;port=\(port);mysql_ssl=1;mysql_ssl_verify_server_cert=1;mysql_ssl_ca_file=\(ca)")
        #expect(try await Self.withReader(config) { try await $0.agent(login: "zadmin") }?.key == "2")
        // verified against CAs that did not sign the server's certificate: the system's bundle
        let bundle = "/etc/ssl/certs/ca-certificates.crt"
        if FileManager.default.fileExists(atPath: bundle) {
            let wrong = try Self.config("database=znuny;host=127.0.0.1;port=\(port);mysql_ssl=1;mysql_ssl_verify_server_cert=1;mysql_ssl_ca_file=\(bundle)")
            await #expect(throws: TicketSystemFailure.self) { try await Self.withReader(wrong) { try await $0.agent(login: "zadmin") } }
        }
    }

    @Test("unreachable: refused, or a wrong password, is .unreachable naming the place; a later call connects again")
    func unreachable() async throws {
        let away = try Self.config("database=znuny;host=127.0.0.1;port=9")
        let failure = await #expect(throws: TicketSystemFailure.self) {
            try await Self.withReader(away) { try await $0.agent(login: "zadmin") }
        }
        #expect(failure?.description.contains("127.0.0.1:9 (znuny)") == true, "\(String(describing: failure))")
        let wrongPassword = try Self.config(password: "not-it")
        let denied = await #expect(throws: TicketSystemFailure.self) {
            try await Self.withReader(wrongPassword) { try await $0.agent(login: "zadmin") }
        }
        #expect(denied?.description.contains("Access denied") == true)
        #expect(denied?.description.contains("not-it") == false, "no password in messages")
    }
}
