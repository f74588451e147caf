import Testing

@testable import TicketSystemPeople

/// `DatabaseDSN` values as Znuny, OTRS and OTOBO installers and admins write them for MySQL/MariaDB, read as
/// DBD::mysql reads them.
@Suite("the ticket system's DBI:mysql: data sources")
struct MySQLDSNTests {
    static func database(_ dsn: String) throws -> TicketSystemConfig.Database {
        try TicketSystemConfigTests.read("""
                $Self->{DatabaseUser} = 'otrs';
                $Self->{DatabasePw} = 'pw';
                $Self->{DatabaseDSN} = '\(dsn)';
            """).get().database
    }

    @Test("database, host, port, socket and TLS, in every spelling DBD::mysql takes",
        arguments: [
            ("DBI:mysql:database=otrs;host=127.0.0.1;port=3307", "otrs", "127.0.0.1", 3307, nil as String?),
            ("DBI:mysql:database=znuny;host=127.0.0.1;", "znuny", "127.0.0.1", 3306, nil),
            ("DBI:mysql:dbname=otrs;host=db.example.test", "otrs", "db.example.test", 3306, nil),
            ("DBI:mysql:db=otrs;hostname=db.example.test;port=3310", "otrs", "db.example.test", 3310, nil),
            ("DBI:mysql:otrs", "otrs", "localhost", 3306, nil),
            ("DBI:mysql:otrs:db.example.test:3311", "otrs", "db.example.test", 3311, nil),
            ("DBI:mysql:otrs;host=[::1];port=3312", "otrs", "::1", 3312, nil),
            ("DBI:mysql:database=otrs;host=localhost;mysql_socket=/run/mysqld/mysqld.sock", "otrs", "localhost", 3306,
                "/run/mysqld/mysqld.sock"),
            ("DBI:mysql:database=otrs;mysql_socket=/var/run/mysql.sock", "otrs", "localhost", 3306, "/var/run/mysql.sock"),
        ])
    func forms(dsn: String, name: String, host: String, port: Int, socket: String?) throws {
        let database = try Self.database(dsn)
        #expect(database.driver == .mysql)
        #expect(database.name == name)
        #expect(database.host == host)
        #expect(database.port == port)
        #expect(database.socket == socket)
        #expect(database.tls == .off)
        #expect(database.user == "otrs" && database.password == "pw")
    }

    @Test("mysql_ssl asks for TLS; mysql_ssl_verify_server_cert and the CA settings for checking the server")
    func tls() throws {
        #expect(try Self.database("DBI:mysql:database=otrs;host=db;mysql_ssl=1").tls
            == .required(verifyServer: false, caFile: nil, caPath: nil))
        #expect(try Self.database("DBI:mysql:database=otrs;host=db;mysql_ssl=1;mysql_ssl_verify_server_cert=1;mysql_ssl_ca_file=/etc/ca.pem").tls
            == .required(verifyServer: true, caFile: "/etc/ca.pem", caPath: nil))
        #expect(try Self.database("DBI:mysql:database=otrs;host=db;mysql_ssl=0;mysql_ssl_ca_path=/etc/ssl/certs").tls == .off)
    }

    @Test("where it is, for messages: host and port, or the socket")
    func place() throws {
        #expect(try Self.database("DBI:mysql:database=otrs;host=127.0.0.1;port=3307").place == "127.0.0.1:3307 (otrs)")
        #expect(try Self.database("DBI:mysql:database=otrs;mysql_socket=/s.sock").place == "socket /s.sock (otrs)")
        #expect(try Self.database("DBI:mysql:otrs").place == "socket (the default one) (otrs)")
    }
}
