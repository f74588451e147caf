/// ChatEngine's own database, from `ChatEngine::Database::{DSN,User,Password}` in DBI form. OTRS's own
/// `Database*` keys point at the ticket system's database and are never read.
public struct DatabaseSettings: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A file path, relative to the home unless absolute.
        case sqlite(path: String)
        case postgres(database: String, host: String, port: Int)
    }

    public var kind: Kind
    public var user: String
    public var password: String

    init(reading r: inout SettingReader) {
        let name = "ChatEngine::Database::DSN"
        let dsn = r.string(name)
        user = r.string("ChatEngine::Database::User")
        password = r.string("ChatEngine::Database::Password")
        switch Self.parse(dsn) {
        case .success(let kind):
            self.kind = kind
        case .failure(let problem):
            if !dsn.isEmpty || r.config.value(named: name) != nil { r.report(name, problem.message) }
            self.kind = .sqlite(path: "var/chatengine.sqlite")
        }
    }

    struct Problem: Error { let message: String }

    /// `DBI:SQLite:dbname=FILE` or `DBI:Pg:dbname=NAME;host=HOST;port=PORT`.
    static func parse(_ dsn: String) -> Result<Kind, Problem> {
        let parts = dsn.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[0].lowercased() == "dbi" else {
            return .failure(Problem(message: "'\(dsn)' is not a DBI data source (DBI:SQLite:dbname=... or DBI:Pg:dbname=...)"))
        }
        var params: [String: String] = [:]
        for pair in parts[2].split(separator: ";") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            params[kv[0].trimmingCharacters(in: " ").lowercased()] = kv.count > 1 ? kv[1] : ""
        }
        let database = params["dbname"] ?? params["database"] ?? params["db"] ?? ""
        switch parts[1] {
        case "SQLite":
            guard !database.isEmpty else { return .failure(Problem(message: "'\(dsn)' names no dbname file")) }
            return .success(.sqlite(path: database))
        case "Pg":
            guard !database.isEmpty else { return .failure(Problem(message: "'\(dsn)' names no dbname")) }
            let portText = params["port"] ?? "5432"
            guard let port = Int(portText), (1...65535).contains(port) else {
                return .failure(Problem(message: "'\(portText)' in '\(dsn)' is not a port number"))
            }
            return .success(.postgres(database: database, host: params["host"] ?? "127.0.0.1", port: port))
        case "mysql", "MariaDB", "MySQL":
            return .failure(Problem(message:
                "'\(dsn)': ChatEngine keeps its own data in SQLite or PostgreSQL, not MySQL. This setting is ChatEngine's own database; the ticket system's Database* settings are never used for it"))
        default:
            return .failure(Problem(message: "'\(dsn)': driver '\(parts[1])' is not supported (use SQLite or Pg)"))
        }
    }
}
