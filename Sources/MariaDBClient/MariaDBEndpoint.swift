/// Where a MariaDB/MySQL server is and how to talk to it. The password never appears in `description`.
public struct MariaDBEndpoint: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// A Unix socket path: used instead of host and port when set (as `mysql_socket` in a DBI DSN).
    public var socket: String?
    public var database: String
    public var user: String
    public var password: String
    public var tls: TLS
    /// Seconds for connecting, and for each read or write on the connection (the C library's own limits).
    public var connectTimeout: Int
    public var readTimeout: Int
    /// Every session is `SET SESSION TRANSACTION READ ONLY`: not even a user with write grants can write through it.
    public var readOnly: Bool

    public enum TLS: Sendable, Equatable {
        case off
        /// TLS or no connection; `verifyServer` checks the certificate and host name against `caFile`/`caPath`.
        case required(verifyServer: Bool, caFile: String?, caPath: String?)
    }

    public init(host: String, port: Int = 3306, socket: String? = nil, database: String, user: String, password: String,
        tls: TLS = .off, connectTimeout: Int = 10, readTimeout: Int = 10, readOnly: Bool = true)
    {
        self.host = host
        self.port = port
        self.socket = socket
        self.database = database
        self.user = user
        self.password = password
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.readOnly = readOnly
    }

    /// `127.0.0.1:3306 (znuny)` or `socket /run/mysqld/mysqld.sock (znuny)`.
    public var description: String {
        if let socket { return "socket \(socket) (\(database))" }
        return "\(host):\(port) (\(database))"
    }
}
