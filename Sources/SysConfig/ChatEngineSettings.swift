/// The `ChatEngine::*` settings (and the `Ticket::*` chat settings) as typed values. Built once per
/// loaded config; building it validates them, naming the file and line of a bad value.
public struct ChatEngineSettings: Sendable {
    public struct Directions: Sendable {
        public var publicToAgent, customerToAgent, agentToCustomer, agentToAgent: Bool
    }
    public struct PermissionGroups: Sendable {
        public var chatReceivingAgents, chatNotificationAgents, chatStartingAgents: String
    }
    public struct InterfaceOptions: Sendable {
        public var allowChatChannels, availabilityCheck: Bool
    }
    public enum ChatOrder: String, Sendable { case prepend = "Prepend", append = "Append" }
    public struct Texts: Sendable {
        public var customerNoAgentsNewTicket, customerNoAgentsAddToExisting, customerNotYetAccepted: String
        public var customerChatClosed, customerChatCompleted: String
        public var publicNoAgentsAvailable, publicNotYetAccepted, publicChatCompleted, publicChatClosed: String
    }
    public struct TicketChat: Sendable {
        public var unavailableForExternalChatsOnLogin, agentStartChatWithoutTicket, customerStartChatWithoutTicket: Bool
        public var agentFromTicketAllowed: Bool
        public var agentFromTicketPermissionLevel: String
        public var agentFromTicketRequiredLock, agentFromTicketOnlyIfCustomerAvailable: Bool
        public var customerFromTicketAllowed, customerFromTicketNeedsWritePermission: Bool
        public var customerFromTicketOnlyIfAgentsAvailable: Bool
    }

    public var active: Bool
    public var directions: Directions
    public var permissionGroups: PermissionGroups
    public var defaultAgentName: String
    public var defaultAgentNameNumbers: Bool
    public var publicInterface: InterfaceOptions
    public var customerInterface: InterfaceOptions
    /// Minutes.
    public var customerThreshold, agentOnlineThreshold, customerOnlineThreshold: Int
    /// Seconds between two checks for presence changes nobody's command reports (idle, closed tabs).
    public var presenceUpdateInterval: Int
    public var defaultChatChannel, defaultChatChannelGroup: String
    /// Hours after which closed chats are deleted.
    public var chatTTLHours: Int
    /// Days after which unclosed chats are deleted.
    public var chatDecayDays: Int
    public var chatOrder: ChatOrder
    public var texts: Texts
    public var ticketChat: TicketChat
    /// `ChatEngine::TicketFromChat::Queue`: where customer users' tickets from chats go.
    public var ticketFromChatQueue: String
    /// `ChatEngine::TicketFromChat::Owner`: who owns a pre-ticket chat's ticket.
    public var ticketFromChatOwner: String
    /// `ChatEngine::PreTicketChat`: a customer user's request makes a ticket first.
    public var preTicketChat: Bool
    public var database: DatabaseSettings
    public var directory: DirectorySettings
    public var outbox: OutboxSettings
    /// Where tickets are written: ChatEngine's own store or the ticket system's GenericInterface.
    public var ticketBackend: TicketBackendSettings
    /// Transcripts as PDF: header, page size, page limit, render threads.
    public var pdf: PDFSettings
    /// Outgoing mail: OTRS's `SendmailModule` and sender, `ChatEngine::Mail::*` (transcripts by e-mail).
    public var mail: MailSettings
    /// Abuse protection of new chat requests: blocked ranges, per-visitor limit, agents' blocks.
    public var abuse: AbuseSettings
    /// The website widget: allowed origins, availability polling.
    public var widget: WidgetSettings
    public var awayAgentsAreUnavailable: Bool
    /// bcrypt cost of stored passwords.
    public var passwordHashCost: Int
    /// Failed logins per account and per IP address within an hour.
    public var loginMaxFailuresPerHour: Int
    /// New public chat requests per IP address within an hour.
    public var publicMaxRequestsPerHourPerIP: Int
    /// Messages per sender: a burst, then a sustained rate per minute.
    public var messageBurstPerSender: Int
    public var messagesPerMinutePerSender: Int
    /// Open WebSockets per session or visitor token.
    public var maxSocketsPerSession: Int
    /// Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed.
    public var trustedProxies: Set<String>
    /// OTRS's `HttpType` is `https`: session cookies carry `Secure`.
    public var servedOverHTTPS: Bool
    /// The URL path of the static files, with both slashes (`/otrs-web/`); read at start.
    public var webPath: String
    /// How long and how big a client's request may be (read once, at start).
    public var httpServer: HTTPServer
    /// OTRS's `SystemID`: part of every ticket number ChatEngine's own ticket store makes.
    public var systemID: String

    /// `ChatEngine::HTTP::*`: timeouts in seconds, sizes in bytes.
    public struct HTTPServer: Sendable, Equatable {
        public var requestHeadTimeout: Int
        public var bodyTimeout: Int
        public var bodyMinimumRate: Int
        public var keepAliveTimeout: Int
        public var maxURILength: Int
        public var maxHeaderBytes: Int
        public var maxHeaderCount: Int
        public var maxConnectionsPerAddress: Int
    }

    public init(_ config: LoadedConfig) throws(ConfigLoadError) {
        var r = SettingReader(config)
        let e = "ChatEngine::"
        active = r.bool(e + "Active")
        directions = Directions(
            publicToAgent: r.bool(e + "ChatDirection::PublicToAgent"),
            customerToAgent: r.bool(e + "ChatDirection::CustomerToAgent"),
            agentToCustomer: r.bool(e + "ChatDirection::AgentToCustomer"),
            agentToAgent: r.bool(e + "ChatDirection::AgentToAgent"))
        permissionGroups = PermissionGroups(
            chatReceivingAgents: r.string(e + "PermissionGroup::ChatReceivingAgents"),
            chatNotificationAgents: r.string(e + "PermissionGroup::ChatNotificationAgents"),
            chatStartingAgents: r.string(e + "PermissionGroup::ChatStartingAgents"))
        defaultAgentName = r.string(e + "DefaultAgentName")
        defaultAgentNameNumbers = r.bool(e + "DefaultAgentNameNumbers")
        publicInterface = InterfaceOptions(
            allowChatChannels: r.bool(e + "PublicInterface::AllowChatChannels"),
            availabilityCheck: r.bool(e + "PublicInterface::AvailabilityCheck"))
        customerInterface = InterfaceOptions(
            allowChatChannels: r.bool(e + "CustomerInterface::AllowChatChannels"),
            availabilityCheck: r.bool(e + "CustomerInterface::AvailabilityCheck"))
        customerThreshold = r.int(e + "CustomerThreshold")
        agentOnlineThreshold = r.int(e + "AgentOnlineThreshold", atLeast: 1)
        customerOnlineThreshold = r.int(e + "CustomerOnlineThreshold", atLeast: 1)
        presenceUpdateInterval = r.int(e + "PresenceUpdateInterval", atLeast: 1)
        defaultChatChannel = r.string(e + "DefaultChatChannel")
        defaultChatChannelGroup = r.string(e + "DefaultChatChannelGroup")
        chatTTLHours = r.int(e + "ChatTTL")
        chatDecayDays = r.int(e + "ChatDecayTime")
        let order = r.string(e + "ChatOrder")
        chatOrder = ChatOrder(rawValue: order) ?? .append
        if ChatOrder(rawValue: order) == nil { r.report(e + "ChatOrder", "must be Prepend or Append, not '\(order)'") }
        let c = e + "Texts::CustomerFrontend::", p = e + "Texts::PublicFrontend::"
        texts = Texts(
            customerNoAgentsNewTicket: r.string(c + "NoAgentsAvailable::NewTicket"),
            customerNoAgentsAddToExisting: r.string(c + "NoAgentsAvailable::AddToExisiting"),
            customerNotYetAccepted: r.string(c + "NotYetAccepted"),
            customerChatClosed: r.string(c + "ChatClosed"),
            customerChatCompleted: r.string(c + "ChatCompleted"),
            publicNoAgentsAvailable: r.string(p + "NoAgentsAvailable"),
            publicNotYetAccepted: r.string(p + "NotYetAccepted"),
            publicChatCompleted: r.string(p + "ChatCompleted"),
            publicChatClosed: r.string(e + "Texts::PublicInterface::ChatClosed"))
        let a = "Ticket::Agent::StartChatFromTicket###", cu = "Ticket::Customer::StartChatFromTicket###"
        ticketChat = TicketChat(
            unavailableForExternalChatsOnLogin: r.bool("Ticket::Agent::UnavailableForExternalChatsOnLogin"),
            agentStartChatWithoutTicket: r.bool("Ticket::Agent::StartChatWOTicket"),
            customerStartChatWithoutTicket: r.bool("Ticket::Customer::StartChatWOTicket"),
            agentFromTicketAllowed: r.bool(a + "Allowed"),
            agentFromTicketPermissionLevel: r.string(a + "PermissionLevel"),
            agentFromTicketRequiredLock: r.bool(a + "RequiredLock"),
            agentFromTicketOnlyIfCustomerAvailable: r.bool(a + "AllowChatOnlyIfCustomerAvailable"),
            customerFromTicketAllowed: r.bool(cu + "Allowed"),
            customerFromTicketNeedsWritePermission: r.bool(cu + "Permissions"),
            customerFromTicketOnlyIfAgentsAvailable: r.bool(cu + "AllowChatOnlyIfAgentsAvailable"))
        ticketFromChatQueue = r.string(e + "TicketFromChat::Queue")
        ticketFromChatOwner = r.string(e + "TicketFromChat::Owner")
        preTicketChat = r.bool(e + "PreTicketChat")
        database = DatabaseSettings(reading: &r)
        directory = DirectorySettings(reading: &r)
        outbox = OutboxSettings(reading: &r)
        ticketBackend = TicketBackendSettings(reading: &r)
        pdf = PDFSettings(reading: &r)
        mail = MailSettings(reading: &r)
        abuse = AbuseSettings(reading: &r)
        widget = WidgetSettings(reading: &r)
        awayAgentsAreUnavailable = r.bool(e + "AwayAgentsAreUnavailable")
        passwordHashCost = r.int(e + "PasswordHashCost", atLeast: 4)
        loginMaxFailuresPerHour = r.int(e + "Login::MaxFailuresPerHour", atLeast: 1)
        publicMaxRequestsPerHourPerIP = r.int(e + "PublicInterface::MaxRequestsPerHourPerIP", atLeast: 1)
        messageBurstPerSender = r.int(e + "Messages::BurstPerSender", atLeast: 1)
        messagesPerMinutePerSender = r.int(e + "Messages::PerMinutePerSender", atLeast: 1)
        maxSocketsPerSession = r.int(e + "WebSocket::MaxConnectionsPerSession", atLeast: 1)
        webPath = r.string(e + "Frontend::WebPath")
        // an undef passes the ValueRegex check; "/" alone would put the files over the Action URLs
        if webPath.count < 3 || !webPath.hasPrefix("/") || !webPath.hasSuffix("/") {
            r.report(e + "Frontend::WebPath", "must be a path that starts and ends with /, like /chatengine-web/")
            webPath = "/otrs-web/"
        }
        trustedProxies = Set(r.string(e + "TrustedProxies").split(whereSeparator: \.isWhitespace).map(String.init))
        let h = e + "HTTP::"
        httpServer = HTTPServer(
            requestHeadTimeout: r.int(h + "RequestHeadTimeout", atLeast: 1),
            bodyTimeout: r.int(h + "BodyTimeout", atLeast: 1),
            bodyMinimumRate: r.int(h + "BodyMinimumRate", atLeast: 1),
            keepAliveTimeout: r.int(h + "KeepAliveTimeout", atLeast: 1),
            maxURILength: r.int(h + "MaxURILength", atLeast: 256),
            maxHeaderBytes: r.int(h + "MaxHeaderBytes", atLeast: 1024),
            maxHeaderCount: r.int(h + "MaxHeaderCount", atLeast: 16),
            maxConnectionsPerAddress: r.int(h + "MaxConnectionsPerAddress", atLeast: 1))
        systemID = r.string("SystemID")
        // OTRS's own setting (Framework), absent from a ChatEngine-only home: http
        if case .string(let type)? = config.value(named: "HttpType") { servedOverHTTPS = type == "https" } else { servedOverHTTPS = false }
        if !r.issues.isEmpty { throw ConfigLoadError(issues: r.issues) }
    }
}
