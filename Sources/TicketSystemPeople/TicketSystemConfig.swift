import SysConfig

/// What ChatEngine needs from the ticket system's own configuration (its `Kernel/Config.pm` and deployed
/// settings) to read its people: the database, how passwords are hashed, where customer users live. Any
/// set-up ChatEngine cannot honour exactly (LDAP, several customer sources, a second factor) is refused
/// here, naming the setting and where it was set, never quietly replaced by the database.
public struct TicketSystemConfig: Sendable, Equatable {
    /// The customer-user source (`CustomerUser` with its `Params` and `Map`).
    public struct CustomerSource: Sendable, Equatable {
        public var table: String
        /// The column of `CustomerKey` (the login by default): ChatEngine's key for a customer user.
        public var keyColumn: String
        public var loginColumn: String
        public var passwordColumn: String
        public var customerIDColumn: String
        public var emailColumn: String
        public var firstNameColumn: String
        public var lastNameColumn: String
        public var validColumn: String

        /// Znuny's `Kernel/Config/Defaults.pm` source.
        public static let znunyDefault = CustomerSource(table: "customer_user", keyColumn: "login", loginColumn: "login",
            passwordColumn: "pw", customerIDColumn: "customer_id", emailColumn: "email", firstNameColumn: "first_name",
            lastNameColumn: "last_name", validColumn: "valid_id")
    }

    public var database: Database
    public var agentCryptType: CryptType
    public var customerCryptType: CryptType
    /// Failed logins after which the ticket system locks an agent (0: never).
    public var passwordMaxLoginFailed: Int
    public var customerSource: CustomerSource
    /// A second factor is configured (`AuthTwoFactorModule`): direct logins are not ChatEngine's to make.
    public var requiresSecondFactor: Bool
    /// Its sessions and cookies, for single sign-on.
    public var sessions: TicketSessionRules

    /// Reads and checks the ticket system's settings; `allowSecondFactor` when only single sign-on logs people in.
    public static func read(_ config: LoadedConfig, allowSecondFactor: Bool = false) throws(ConfigLoadError) -> TicketSystemConfig {
        var problems: [ConfigIssue] = []
        func fail(_ setting: String, _ message: String) {
            problems.append(ConfigIssue(message, at: config.origin(ofSetting: setting), setting: setting))
        }
        func string(_ name: String) -> String? { config.value(named: name)?.stringValue }

        let database = readDatabase(config, fail)
        requireModule(config, "AuthModule", "Kernel::System::Auth::DB", fail)
        requireModule(config, "Customer::AuthModule", "Kernel::System::CustomerAuth::DB", fail)
        for n in 1...10 {
            for name in ["AuthModule\(n)", "Customer::AuthModule\(n)"] where config.value(named: name) != nil {
                fail(name, "a second authentication backend (\(name)) is not supported: ChatEngine checks passwords only against the ticket system's database")
            }
            if config.value(named: "CustomerUser\(n)") != nil {
                fail("CustomerUser\(n)", "several customer-user sources (CustomerUser\(n)) are not supported: ChatEngine reads customer users from one database table")
            }
        }
        let source = readCustomerSource(config, fail)
        let agentCrypt = cryptType(config, "AuthModule::DB::CryptType", fail)
        let customerCrypt = cryptType(config, "Customer::AuthModule::DB::CryptType", fail)
        let maxFailed = Int(string("PasswordMaxLoginFailed") ?? "0") ?? 0
        var secondFactor = false
        if let module = string("AuthTwoFactorModule"), !module.isEmpty {
            secondFactor = true
            if !allowSecondFactor {
                fail("AuthTwoFactorModule", "the ticket system asks for a second factor (\(module)); ChatEngine cannot log agents in directly then. Use single sign-on only, or remove the setting")
            }
        }
        let sessions = readSessionRules(config, fail)
        if !problems.isEmpty { throw ConfigLoadError(issues: problems) }
        return TicketSystemConfig(database: database, agentCryptType: agentCrypt, customerCryptType: customerCrypt,
            passwordMaxLoginFailed: max(0, maxFailed), customerSource: source, requiresSecondFactor: secondFactor,
            sessions: sessions)
    }

    private static func readSessionRules(_ config: LoadedConfig, _ fail: (String, String) -> Void) -> TicketSessionRules {
        var rules = TicketSessionRules()
        func text(_ name: String) -> String? { config.value(named: name)?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        func seconds(_ name: String, _ fallback: Int64) -> Int64 {
            guard let value = text(name) else { return fallback }
            guard let number = Int64(value), number > 0 else {
                fail(name, "'\(value)' is not a number of seconds")
                return fallback
            }
            return number
        }
        rules.agentCookie = text("SessionName") ?? rules.agentCookie
        rules.customerCookie = text("CustomerPanelSessionName") ?? rules.customerCookie
        rules.maxTime = seconds("SessionMaxTime", rules.maxTime)
        rules.maxIdleTime = seconds("SessionMaxIdleTime", rules.maxIdleTime)
        rules.checkRemoteIP = (text("SessionCheckRemoteIP") ?? "1") != "0"
        rules.scriptAlias = text("ScriptAlias") ?? rules.scriptAlias
        rules.httpType = text("HttpType") ?? rules.httpType
        rules.fqdn = text("FQDN") ?? rules.fqdn
        return rules
    }

    private static func requireModule(_ config: LoadedConfig, _ name: String, _ expected: String,
        _ fail: (String, String) -> Void)
    {
        guard let module = config.value(named: name)?.stringValue, !module.isEmpty, module != expected else { return }
        fail(name, "\(name) is \(module); ChatEngine checks passwords only as \(expected) does (against the ticket system's database)")
    }

    private static func cryptType(_ config: LoadedConfig, _ name: String, _ fail: (String, String) -> Void) -> CryptType {
        guard let text = config.value(named: name)?.stringValue, !text.isEmpty else { return .sha2 }
        guard let type = CryptType(rawValue: text) else {
            fail(name, "'\(text)' is not a CryptType the ticket system knows (sha2, sha512, sha1, md5, apr1, crypt, bcrypt, plain)")
            return .sha2
        }
        return type
    }

    /// `CustomerUser`: absent means Znuny's default source; otherwise it must be the database module,
    /// and its table and columns are taken from `Params` and `Map`.
    private static func readCustomerSource(_ config: LoadedConfig, _ fail: (String, String) -> Void) -> CustomerSource {
        var source = CustomerSource.znunyDefault
        guard let hash = config.value(named: "CustomerUser")?.hashEntries else { return source }
        if let module = hash["Module"]?.stringValue, module != "Kernel::System::CustomerUser::DB" {
            fail("CustomerUser", "CustomerUser uses \(module); ChatEngine reads customer users only from the database (Kernel::System::CustomerUser::DB)")
            return source
        }
        let params = hash["Params"]?.hashEntries ?? [:]
        if let dsn = params["DSN"]?.stringValue, !dsn.isEmpty {
            fail("CustomerUser", "CustomerUser reads another database (Params DSN \(dsn)); ChatEngine reads customer users only from the ticket system's own database")
        }
        if let table = params["Table"]?.stringValue, !table.isEmpty { source.table = table }
        func column(_ key: String) -> String? { hash[key]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        source.keyColumn = column("CustomerKey") ?? source.keyColumn
        source.customerIDColumn = column("CustomerID") ?? source.customerIDColumn
        source.validColumn = column("CustomerValid") ?? source.validColumn
        // Map rows: [ 'UserLogin', 'Username', 'login', ... ]: the attribute and its column
        for row in hash["Map"]?.arrayValue ?? [] {
            guard let fields = row.arrayValue, fields.count > 2, let attribute = fields[0].stringValue,
                let name = fields[2].stringValue, !name.isEmpty
            else { continue }
            switch attribute {
            case "UserLogin": source.loginColumn = name
            case "UserPassword": source.passwordColumn = name
            case "UserEmail": source.emailColumn = name
            case "UserFirstname": source.firstNameColumn = name
            case "UserLastname": source.lastNameColumn = name
            default: break
            }
        }
        let all = [source.table, source.keyColumn, source.loginColumn, source.passwordColumn, source.customerIDColumn,
            source.emailColumn, source.firstNameColumn, source.lastNameColumn, source.validColumn]
        if let bad = all.first(where: { !isIdentifier($0) }) {
            fail("CustomerUser", "'\(bad)' is not a plain table or column name")
            return .znunyDefault
        }
        return source
    }

    /// Table and column names go into SQL text (values never do): only plain identifiers are accepted.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return name.count <= 63 && name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0) }
    }
}
