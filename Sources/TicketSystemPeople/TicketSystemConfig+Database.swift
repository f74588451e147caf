import MariaDBClient
import SysConfig

extension TicketSystemConfig {
    /// The ticket system's database, from its `DatabaseDSN`, `DatabaseUser` and `DatabasePw`.
    public struct Database: Sendable, Equatable {
        /// The DBI driver of the DSN: `Pg` or `mysql` (MySQL and MariaDB alike, as Znuny and OTRS name it).
        public enum Driver: String, Sendable, Equatable {
            case postgres = "Pg"
            case mysql
        }

        public var driver: Driver = .postgres
        public var host: String
        public var port: Int
        public var name: String
        public var user: String
        public var password: String
        /// MySQL's `mysql_socket`: the Unix socket used when the host is `localhost` (the C library's rule).
        public var socket: String? = nil
        /// MySQL's `mysql_ssl` and its companions.
        public var tls: MariaDBEndpoint.TLS = .off

        /// Where it is, for messages: `127.0.0.1:3306 (znuny)`, or the socket when one is used.
        public var place: String {
            if driver == .mysql && host == "localhost" { return "socket \(socket ?? "(the default one)") (\(name))" }
            return "\(host):\(port) (\(name))"
        }
    }

    static func readDatabase(_ config: LoadedConfig, _ fail: (String, String) -> Void) -> Database {
        let dsn = config.value(named: "DatabaseDSN")?.stringValue ?? ""
        let user = config.value(named: "DatabaseUser")?.stringValue ?? ""
        let password = config.value(named: "DatabasePw")?.stringValue ?? ""
        var database = Database(host: "127.0.0.1", port: 5432, name: "", user: user, password: password)
        let parts = dsn.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[0].lowercased() == "dbi" else {
            fail("DatabaseDSN", "'\(dsn)' is not a DBI data source (DBI:Pg:dbname=...;host=... or DBI:mysql:database=...;host=...)")
            return database
        }
        switch parts[1] {
        case "Pg": readPostgres(parts[2], dsn: dsn, into: &database, fail)
        case "mysql": readMySQL(parts[2], dsn: dsn, into: &database, fail)
        default:
            fail("DatabaseDSN", "the ticket system's database driver '\(parts[1])' is not supported: ChatEngine reads its people from PostgreSQL (DBI:Pg:...) or MySQL/MariaDB (DBI:mysql:...)")
            return database
        }
        if database.name.isEmpty { fail("DatabaseDSN", "'\(dsn)' names no database") }
        if user.isEmpty { fail("DatabaseUser", "the ticket system's DatabaseUser is not set") }
        return database
    }

    private static func readPostgres(_ rest: String, dsn: String, into database: inout Database, _ fail: (String, String) -> Void) {
        for pair in rest.split(separator: ";") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            let value = kv.count > 1 ? kv[1] : ""
            switch kv[0].lowercased() {
            case "dbname", "database", "db": database.name = value
            case "host", "hostaddr": database.host = value
            case "port": database.port = port(value, dsn: dsn, fail) ?? database.port
            default: break
            }
        }
    }

    /// As DBD::mysql reads its DSN (`_OdbcParse`): items separated by `:` or `;`, `[…]` around an IPv6 host;
    /// `key=value` items (`database`/`db`/`dbname`, `host`/`hostname`, `port`, `mysql_*`), and bare items
    /// filling database, host and port in that order. No host means `localhost`: the Unix socket.
    private static func readMySQL(_ rest: String, dsn: String, into database: inout Database, _ fail: (String, String) -> Void) {
        database.driver = .mysql
        var items: [String: String] = [:]
        var positional = ["database", "host", "port"]
        for item in dbdItems(rest) {
            if let equals = item.firstIndex(of: "=") {
                var key = String(item[..<equals])
                if key == "hostname" { key = "host" }
                if key == "db" || key == "dbname" { key = "database" }
                items[key] = String(item[item.index(after: equals)...])
            } else if let next = positional.firstIndex(where: { items[$0] == nil }) {
                items[positional.remove(at: next)] = item
            }
        }
        database.name = items["database"] ?? ""
        database.host = items["host"].flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        database.port = 3306
        if let value = items["port"], !value.isEmpty { database.port = port(value, dsn: dsn, fail) ?? 3306 }
        database.socket = items["mysql_socket"].flatMap { $0.isEmpty ? nil : $0 }
        for key in ["mysql_ssl_client_key", "mysql_ssl_client_cert", "mysql_ssl_cipher"] where items[key] != nil {
            fail("DatabaseDSN", "\(key) in '\(dsn)' is not supported: ChatEngine verifies the server (mysql_ssl_verify_server_cert, mysql_ssl_ca_file, mysql_ssl_ca_path) but presents no client certificate")
        }
        func flag(_ key: String) -> Bool { (items[key].flatMap(Int.init) ?? 0) != 0 }
        if flag("mysql_ssl") {
            database.tls = .required(verifyServer: flag("mysql_ssl_verify_server_cert"),
                caFile: items["mysql_ssl_ca_file"].flatMap { $0.isEmpty ? nil : $0 },
                caPath: items["mysql_ssl_ca_path"].flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    /// DBD::mysql's item split: at every `:` or `;` outside square brackets, which are dropped.
    static func dbdItems(_ text: String) -> [String] {
        var items: [String] = []
        var current = ""
        var bracketed = false
        for character in text {
            switch character {
            case "[": bracketed = true
            case "]": bracketed = false
            case ":" where !bracketed, ";" where !bracketed:
                items.append(current)
                current = ""
            default: current.append(character)
            }
        }
        if !current.isEmpty { items.append(current) }  // a trailing separator ends the list; `a;;b` keeps its empty item
        return items
    }

    private static func port(_ value: String, dsn: String, _ fail: (String, String) -> Void) -> Int? {
        guard let port = Int(value), (1...65535).contains(port) else {
            fail("DatabaseDSN", "'\(value)' in '\(dsn)' is not a port number")
            return nil
        }
        return port
    }
}
