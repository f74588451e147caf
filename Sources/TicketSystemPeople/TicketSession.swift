/// A session of the ticket system, as its `sessions` table holds it (one row per key; the highest ID wins).
public struct TicketSession: Sendable, Equatable {
    public var userID: String
    public var login: String
    /// `User` (agent) or `Customer`.
    public var userType: String
    public var remoteAddress: String
    /// Epoch seconds.
    public var sessionStart: Int64
    public var lastRequest: Int64

    public init(userID: String, login: String, userType: String, remoteAddress: String, sessionStart: Int64, lastRequest: Int64) {
        self.userID = userID
        self.login = login
        self.userType = userType
        self.remoteAddress = remoteAddress
        self.sessionStart = sessionStart
        self.lastRequest = lastRequest
    }

    /// Znuny's IDs are 32 characters of [0-9A-Za-z]; anything else is never looked up.
    public static func isWellFormedID(_ id: String) -> Bool {
        (1...100).contains(id.utf8.count)
            && id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }
}

/// How the ticket system judges its sessions (`Kernel::System::AuthSession::DB::CheckSessionID`) and where
/// its cookies live: `SessionName`, `CustomerPanelSessionName`, `SessionMaxTime`, `SessionMaxIdleTime`,
/// `SessionCheckRemoteIP`, `ScriptAlias`.
public struct TicketSessionRules: Sendable, Equatable {
    public var agentCookie = "OTRSAgentInterface"
    public var customerCookie = "OTRSCustomerInterface"
    /// Seconds.
    public var maxTime: Int64 = 57_600
    public var maxIdleTime: Int64 = 7_200
    public var checkRemoteIP = true
    /// `otrs/`: the cookie path is `/` + this.
    public var scriptAlias = "otrs/"
    /// `HttpType` and `FQDN`: with `scriptAlias`, where the ticket system's own screens are.
    public var httpType = "http"
    public var fqdn = "localhost"

    public init() {}

    public enum Kind: Sendable { case agent, customer }

    /// Whether the ticket system would accept the session now for this interface, from this client address:
    /// user and login set, the address it was made from (when checked), not idle, not too old, the right type.
    public func accepts(_ session: TicketSession, as kind: Kind, clientAddress: String, now: Int64) -> Bool {
        guard !session.userID.isEmpty, !session.login.isEmpty else { return false }
        if checkRemoteIP && session.remoteAddress != clientAddress { return false }
        if now - maxIdleTime >= session.lastRequest { return false }
        if now - maxTime >= session.sessionStart { return false }
        return session.userType == (kind == .agent ? "User" : "Customer")
    }
}
