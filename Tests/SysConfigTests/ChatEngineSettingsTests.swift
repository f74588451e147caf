import Foundation
import Testing

@testable import SysConfig

/// ChatEngine.xml's names and defaults, written out by hand from the issue that set them, and the
/// validation of overrides, against the repository's own Kernel/.
@Suite("ChatEngine settings", .timeLimit(.minutes(2)))
struct ChatEngineSettingsTests {
    static let chatEngineXML = TestSupport.repositoryRoot.appendingPathComponent("Kernel/Config/Files/XML/ChatEngine.xml")

    /// A home with the repository's ChatEngine.xml and the given Kernel/Config.pm body.
    static func home(configBody: String?) throws -> URL {
        let home = try TestSupport.temporaryHome()
        try TestSupport.copy(chatEngineXML, into: home, at: "Kernel/Config/Files/XML/ChatEngine.xml")
        if let configBody {
            try TestSupport.write(
                "package Kernel::Config;\nuse strict;\nsub Load {\n    my $Self = shift;\n\(configBody)\n    return 1;\n}\n1;\n",
                to: home.appendingPathComponent("Kernel/Config.pm"))
        }
        return home
    }

    static let expectedDefaults: [String: ConfigValue] = [
        "ChatEngine::Active": .string("0"),
        "ChatEngine::ChatDirection::PublicToAgent": .string("1"),
        "ChatEngine::ChatDirection::CustomerToAgent": .string("1"),
        "ChatEngine::ChatDirection::AgentToCustomer": .string("1"),
        "ChatEngine::ChatDirection::AgentToAgent": .string("1"),
        "ChatEngine::PermissionGroup::ChatReceivingAgents": .string("users"),
        "ChatEngine::PermissionGroup::ChatNotificationAgents": .string("users"),
        "ChatEngine::PermissionGroup::ChatStartingAgents": .string("users"),
        "ChatEngine::DefaultAgentName": .string("Support Agent"),
        "ChatEngine::DefaultAgentNameNumbers": .string("1"),
        "ChatEngine::PublicInterface::AllowChatChannels": .string("1"),
        "ChatEngine::PublicInterface::AvailabilityCheck": .string("1"),
        "ChatEngine::CustomerInterface::AllowChatChannels": .string("1"),
        "ChatEngine::CustomerInterface::AvailabilityCheck": .string("1"),
        "ChatEngine::CustomerThreshold": .string("5"),
        "ChatEngine::AgentOnlineThreshold": .string("5"),
        "ChatEngine::CustomerOnlineThreshold": .string("5"),
        "ChatEngine::DefaultChatChannel": .string("Default channel"),
        "ChatEngine::DefaultChatChannelGroup": .string("users"),
        "ChatEngine::ChatTTL": .string("24"),
        "ChatEngine::ChatDecayTime": .string("365"),
        "ChatEngine::ChatOrder": .string("Append"),
        "ChatEngine::Login::MaxFailuresPerHour": .string("10"),
        "ChatEngine::PublicInterface::MaxRequestsPerHourPerIP": .string("5"),
        "ChatEngine::Messages::BurstPerSender": .string("60"),
        "ChatEngine::Messages::PerMinutePerSender": .string("300"),
        "ChatEngine::WebSocket::MaxConnectionsPerSession": .string("20"),
        "ChatEngine::Frontend::WebPath": .string("/otrs-web/"),
        "Ticket::Agent::UnavailableForExternalChatsOnLogin": .string("1"),
        "Ticket::Agent::StartChatWOTicket": .string("1"),
        "Ticket::Customer::StartChatWOTicket": .string("1"),
        "Ticket::Agent::StartChatFromTicket###Allowed": .string("1"),
        "Ticket::Agent::StartChatFromTicket###PermissionLevel": .string("ro"),
        "Ticket::Agent::StartChatFromTicket###RequiredLock": .string("0"),
        "Ticket::Agent::StartChatFromTicket###AllowChatOnlyIfCustomerAvailable": .string("1"),
        "Ticket::Customer::StartChatFromTicket###Allowed": .string("1"),
        "Ticket::Customer::StartChatFromTicket###Permissions": .string("0"),
        "Ticket::Customer::StartChatFromTicket###AllowChatOnlyIfAgentsAvailable": .string("1"),
        "ChatEngine::TicketFromChat::Queue": .string("Raw"),
        "ChatEngine::TicketFromChat::Owner": .string("root@localhost"),
        "ChatEngine::PreTicketChat": .string("0"),
        "ChatEngine::Database::DSN": .string("DBI:SQLite:dbname=var/chatengine.sqlite"),
        "Frontend::Module###AgentChat###Group": .array([.string("users")]),
        "Frontend::Module###AgentChatPreview###Group": .array([.string("users")]),
        "Frontend::Module###AgentChatAvailability###Group": .array([.string("users")]),
        "Frontend::Module###AgentChatPopup###Group": .array([.string("users")]),
        "Frontend::Module###AdminChatChannel###Group": .array([.string("admin")]),
        "Frontend::Module###AdminChatChannel###GroupRo": .array([]),
        "CustomerFrontend::Module###CustomerChat###Group": .array([]),
        "PublicFrontend::Module###PublicChat###Title": .string("Chat"),
    ]

    @Test("every setting the issue names exists with its default")
    func defaults() throws {
        let config = try ConfigLoader(home: try Self.home(configBody: nil).path).load()
        for (name, value) in Self.expectedDefaults {
            #expect(config.value(named: name) == value, "\(name)")
        }
        for text in [
            "ChatEngine::Texts::CustomerFrontend::NoAgentsAvailable::NewTicket",
            "ChatEngine::Texts::CustomerFrontend::NoAgentsAvailable::AddToExisiting",
            "ChatEngine::Texts::CustomerFrontend::NotYetAccepted", "ChatEngine::Texts::CustomerFrontend::ChatClosed",
            "ChatEngine::Texts::CustomerFrontend::ChatCompleted", "ChatEngine::Texts::PublicFrontend::NoAgentsAvailable",
            "ChatEngine::Texts::PublicFrontend::NotYetAccepted", "ChatEngine::Texts::PublicFrontend::ChatCompleted",
            "ChatEngine::Texts::PublicInterface::ChatClosed",
        ] {
            #expect((config.value(named: text)?.stringValue?.count ?? 0) > 20, "\(text)")
        }
        for definition in config.definitions.values {
            #expect(!definition.description.isEmpty && !definition.navigation.isEmpty, "\(definition.name)")
        }
    }

    @Test("typed access reads the repository's own home: chat on, SQLite under var/")
    func typedAccess() throws {
        let active = try ActiveConfig.load(home: TestSupport.repositoryRoot.path)
        let settings = active.chatEngine
        #expect(settings.active)
        #expect(settings.directions.agentToAgent && settings.directions.publicToAgent)
        #expect(settings.customerThreshold == 5)
        #expect(settings.chatTTLHours == 24 && settings.chatDecayDays == 365)
        #expect(settings.chatOrder == .append)
        #expect(settings.defaultChatChannel == "Default channel")
        #expect(settings.permissionGroups.chatReceivingAgents == "users")
        #expect(settings.ticketChat.agentFromTicketPermissionLevel == "ro")
        #expect(settings.database.kind == .sqlite(path: "var/chatengine.sqlite"))
    }

    @Test("overrides change typed values; a PostgreSQL DSN is parsed")
    func overrides() throws {
        let home = try Self.home(configBody: """
                $Self->{'ChatEngine::ChatOrder'} = 'Prepend';
                $Self->{'ChatEngine::CustomerThreshold'} = 12;
                $Self->{'ChatEngine::DefaultAgentName'} = '';
                $Self->{'ChatEngine::Database::DSN'} = 'DBI:Pg:dbname=chat;host=db.example;port=5433';
                $Self->{'ChatEngine::Database::User'} = 'chat';
            """)
        defer { try? FileManager.default.removeItem(at: home) }
        let settings = try ActiveConfig.load(home: home.path).chatEngine
        #expect(settings.chatOrder == .prepend)
        #expect(settings.customerThreshold == 12)
        #expect(settings.defaultAgentName == "")
        #expect(settings.database.kind == .postgres(database: "chat", host: "db.example", port: 5433))
        #expect(settings.database.user == "chat")
    }

    static let badOverrides: [(line: String, expected: String)] = [
        ("$Self->{'ChatEngine::Frontend::WebPath'} = '/';",
            "Kernel/Config.pm:5: setting ChatEngine::Frontend::WebPath: '/' does not match its ValueRegex"),
        ("$Self->{'ChatEngine::Frontend::WebPath'} = undef;",
            "Kernel/Config.pm:5: setting ChatEngine::Frontend::WebPath: must be a path that starts and ends with /"),
        ("$Self->{'ChatEngine::Active'} = 2;",
            "Kernel/Config.pm:5: setting ChatEngine::Active: is a Checkbox and must be 0 or 1, not '2'"),
        ("$Self->{'ChatEngine::ChatOrder'} = 'Sideways';",
            "Kernel/Config.pm:5: setting ChatEngine::ChatOrder: must be one of Prepend, Append, not 'Sideways'"),
        ("$Self->{'ChatEngine::ChatTTL'} = 'a day';",
            "Kernel/Config.pm:5: setting ChatEngine::ChatTTL: 'a day' does not match its ValueRegex ^[0-9]+$"),
        ("delete $Self->{'ChatEngine::Active'};",
            "Kernel/Config.pm:5: setting ChatEngine::Active: is required but was removed"),
        ("$Self->{'ChatEngine::ChatDirection::AgentToAgent'} = [1];",
            "Kernel/Config.pm:5: setting ChatEngine::ChatDirection::AgentToAgent: must be a single value (Checkbox), not an array"),
        ("$Self->{'ChatEngine::Database::DSN'} = 'DBI:mysql:database=otrs;host=127.0.0.1';",
            "Kernel/Config.pm:5: setting ChatEngine::Database::DSN: 'DBI:mysql:database=otrs;host=127.0.0.1': ChatEngine keeps its own data in SQLite or PostgreSQL, not MySQL"),
        ("$Self->{'ChatEngine::Database::DSN'} = 'DBI:Pg:dbname=x;port=http';",
            "Kernel/Config.pm:5: setting ChatEngine::Database::DSN: 'http' in 'DBI:Pg:dbname=x;port=http' is not a port number"),
        ("$Self->{'ChatEngine::AgentOnlineThreshold'} = 0;",
            "Kernel/Config.pm:5: setting ChatEngine::AgentOnlineThreshold: must be a whole number of at least 1, not '0'"),
    ]

    @Test("a bad override is an error naming file, line and setting", arguments: badOverrides.indices)
    func badOverride(_ index: Int) throws {
        let bad = Self.badOverrides[index]
        let home = try Self.home(configBody: "    " + bad.line)
        defer { try? FileManager.default.removeItem(at: home) }
        let error = #expect(throws: ConfigLoadError.self) { try ActiveConfig.load(home: home.path) }
        #expect(error?.description.hasPrefix(bad.expected) == true, "\(error?.description ?? "no error")")
    }

    @Test("without ChatEngine.xml the typed settings say what is missing")
    func missingDefinitions() throws {
        let home = try TestSupport.home(["Kernel/Config.pm": "package Kernel::Config;\nsub Load { my $Self = shift; }\n1;\n"])
        defer { try? FileManager.default.removeItem(at: home) }
        let error = #expect(throws: ConfigLoadError.self) { try ActiveConfig.load(home: home.path) }
        #expect(error?.description.contains("setting ChatEngine::Active: is not defined (is Kernel/Config/Files/XML/ChatEngine.xml installed") == true)
    }
}
