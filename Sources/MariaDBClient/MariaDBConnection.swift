import CMariaDB

/// One connection to a MariaDB/MySQL server through Connector/C. Every call blocks its thread, so a
/// connection lives on one thread of a `MariaDBPool` and is used by nothing else.
public final class MariaDBConnection {
    let handle: UnsafeMutablePointer<MYSQL>
    public let endpoint: MariaDBEndpoint

    /// Initialises the client library once per process, before any thread makes a connection (its rule).
    private static let libraryReady: Bool = mysql_server_init(0, nil, nil) == 0

    /// Connects with the endpoint's timeouts, TLS and the utf8mb4 charset; a read-only endpoint's session is
    /// made read-only before anything else runs on it.
    public init(_ endpoint: MariaDBEndpoint) throws(MariaDBError) {
        guard Self.libraryReady, let handle = mysql_init(nil) else {
            throw MariaDBError(code: 0, message: "the MariaDB client library could not be initialised")
        }
        self.handle = handle
        self.endpoint = endpoint
        var connectTimeout = UInt32(clamping: max(1, endpoint.connectTimeout))
        var readTimeout = UInt32(clamping: max(1, endpoint.readTimeout))
        mysql_options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &connectTimeout)
        mysql_options(handle, MYSQL_OPT_READ_TIMEOUT, &readTimeout)
        mysql_options(handle, MYSQL_OPT_WRITE_TIMEOUT, &readTimeout)
        mysql_options(handle, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        // never LOAD DATA LOCAL: a hostile server could ask for a client file
        var off: my_bool = 0
        mysql_options(handle, MYSQL_OPT_LOCAL_INFILE, &off)
        if case .required(let verify, let caFile, let caPath) = endpoint.tls {
            var on: my_bool = 1
            var verifyFlag: my_bool = verify ? 1 : 0
            mysql_options(handle, MYSQL_OPT_SSL_ENFORCE, &on)
            mysql_options(handle, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verifyFlag)
            if let caFile { mysql_options(handle, MYSQL_OPT_SSL_CA, caFile) }
            if let caPath { mysql_options(handle, MYSQL_OPT_SSL_CAPATH, caPath) }
        }
        let connected = mysql_real_connect(handle, endpoint.socket == nil ? endpoint.host : nil, endpoint.user,
            endpoint.password, endpoint.database, UInt32(clamping: endpoint.port), endpoint.socket, 0)
        // (a throw from here on runs deinit, which closes the handle)
        guard connected != nil else { throw Self.error(handle) }
        if endpoint.readOnly { try execute("SET SESSION TRANSACTION READ ONLY") }
    }

    deinit { mysql_close(handle) }

    /// Runs a statement without parameters and without a result (session settings).
    func execute(_ sql: String) throws(MariaDBError) {
        let bytes = Array(sql.utf8)
        guard mysql_real_query(handle, bytes, UInt(bytes.count)) == 0 else { throw Self.error(handle) }
        if let result = mysql_store_result(handle) { mysql_free_result(result) }
    }

    /// The cipher of this connection's TLS, nil when it is not encrypted.
    public var tlsCipher: String? { mysql_get_ssl_cipher(handle).map { String(cString: $0) } }

    static func error(_ handle: UnsafeMutablePointer<MYSQL>) -> MariaDBError {
        MariaDBError(code: mysql_errno(handle), message: String(cString: mysql_error(handle)))
    }
}
