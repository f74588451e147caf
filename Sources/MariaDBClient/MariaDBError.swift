/// What the server or the client library said, with its error number and where it happened.
public struct MariaDBError: Error, Sendable, CustomStringConvertible {
    /// The client library's (2000–2999) or the server's error number; 0 for ChatEngine's own checks.
    public let code: UInt32
    public let message: String

    public init(code: UInt32, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { code == 0 ? message : "\(message) (error \(code))" }

    /// The connection is gone or never came (refused, timed out, lost, server gone away): a fresh connection
    /// may succeed where this one failed. Errors from the server about the query itself are not.
    public var isConnectionProblem: Bool { (2000..<3000).contains(code) }

    /// The connection was lost under a query: after an idle connection was dropped by the server
    /// (`wait_timeout`) or the server restarted, one retry on a fresh connection is safe for a read.
    public var isLostConnection: Bool { [2006, 2013, 2055].contains(code) }
}
