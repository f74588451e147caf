import Foundation
import MariaDBClient
import Testing
import TicketSystemPeople

/// The two databases a ticket system's people are read from in the tests: the seeded Znuny 7 on the test
/// command's PostgreSQL (scripts/with-postgres.sh) and its twin on MariaDB (scripts/with-mariadb.sh).
enum TicketSystemEngine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case postgres, mariadb

    var testDescription: String { rawValue }

    /// The folder under fixtures/otrs with its dump and seed.json.
    var fixture: String { self == .postgres ? "znuny7-live" : "znuny7-live-mysql" }

    /// MariaDB's utf8mb3_general_ci compares logins without case, as Znuny finds them there.
    var loginsIgnoreCase: Bool { self == .mariadb }

    static func mariaDBPort() throws -> String {
        try #require(ProcessInfo.processInfo.environment["CHATENGINE_TEST_MARIADB_PORT"],
            "CHATENGINE_TEST_MARIADB_PORT is not set: run the tests with `make test` (scripts/with-mariadb.sh)")
    }

    /// The ticket system's settings as an operator writes them, for its read-only account.
    func config(extra: String = "") throws -> TicketSystemConfig {
        switch self {
        case .postgres: try TicketSystemDirectoryTests.ticketSystemConfig(port: TicketSystemDirectoryTests.port(), extra: extra)
        case .mariadb:
            try TicketSystemDirectoryTests.ticketSystemConfig(
                dsn: "DBI:mysql:database=$Self->{Database};host=$Self->{DatabaseHost};port=\(Self.mariaDBPort())", extra: extra)
        }
    }

    /// The MariaDB fixture's owner account, for the tests that change rows as Znuny would.
    static func mariaDBOwner() throws -> MariaDBPool {
        MariaDBPool(endpoint: MariaDBEndpoint(host: "127.0.0.1", port: Int(try mariaDBPort()) ?? 0, database: "znuny",
            user: "znuny", password: "znuny-db-pw", readOnly: false), size: 1)
    }
}

extension MariaDBPool {
    /// A statement with parameters, its rows (test helper).
    @discardableResult
    func run(_ sql: String, _ parameters: [MariaDBValue] = []) async throws -> [MariaDBRow] {
        try await withConnection { try $0.query(sql, parameters) }
    }
}
