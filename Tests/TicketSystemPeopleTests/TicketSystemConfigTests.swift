import Foundation
import SysConfig
import Testing

@testable import TicketSystemPeople

/// The ticket system's settings, read from a home's Kernel/Config.pm as an operator writes it.
@Suite("the ticket system's settings and table layout")
struct TicketSystemConfigTests {
    /// Reads `lines` as the body of Config.pm's Load; the problems as "file:line setting message" texts.
    static func read(_ lines: String, allowSecondFactor: Bool = false) throws -> Result<TicketSystemConfig, ConfigLoadError> {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("ts-home-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        try FileManager.default.createDirectory(at: home.appendingPathComponent("Kernel"), withIntermediateDirectories: true)
        let pm = "package Kernel::Config;\nsub Load {\n    my $Self = shift;\n\(lines)\n    return 1;\n}\n1;\n"
        try Data(pm.utf8).write(to: home.appendingPathComponent("Kernel/Config.pm"))
        do {
            return .success(try TicketSystemConfig.read(ConfigLoader(home: home.path).loadDeployed(),
                allowSecondFactor: allowSecondFactor))
        } catch {
            return .failure(error)
        }
    }

    static let database = """
            $Self->{DatabaseHost} = 'db.example.test';
            $Self->{Database} = 'znuny';
            $Self->{DatabaseUser} = 'znuny_ro';
            $Self->{DatabasePw} = 'secret';
            $Self->{DatabaseDSN} = "DBI:Pg:dbname=$Self->{Database};host=$Self->{DatabaseHost};port=5433";
        """

    @Test("Znuny's own form of the database settings, with Znuny's defaults for everything else")
    func defaults() throws {
        let config = try Self.read(Self.database).get()
        #expect(config.database == .init(host: "db.example.test", port: 5433, name: "znuny", user: "znuny_ro", password: "secret"))
        #expect(config.agentCryptType == .sha2 && config.customerCryptType == .sha2)
        #expect(config.passwordMaxLoginFailed == 0)
        #expect(config.customerSource == .znunyDefault)
        #expect(!config.requiresSecondFactor)
    }

    @Test("CryptType, PasswordMaxLoginFailed and a CustomerUser source with its own table and map are honoured")
    func customSource() throws {
        let config = try Self.read(Self.database + """
            $Self->{'AuthModule::DB::CryptType'} = 'plain';
            $Self->{'Customer::AuthModule::DB::CryptType'} = 'bcrypt';
            $Self->{PasswordMaxLoginFailed} = 5;
            $Self->{CustomerUser} = {
                Name => 'Database Backend',
                Module => 'Kernel::System::CustomerUser::DB',
                Params => { Table => 'crm_people', CaseSensitive => 0 },
                CustomerKey => 'username',
                CustomerID => 'company',
                CustomerValid => 'valid_id',
                Map => [
                    [ 'UserFirstname', 'Firstname', 'given_name', 1, 1, 'var', '', 0 ],
                    [ 'UserLastname', 'Lastname', 'family_name', 1, 1, 'var', '', 0 ],
                    [ 'UserLogin', 'Username', 'username', 1, 1, 'var', '', 0 ],
                    [ 'UserPassword', 'Password', 'secret_hash', 0, 0, 'var', '', 0 ],
                    [ 'UserEmail', 'Email', 'mail', 1, 1, 'var', '', 0 ],
                ],
            };
            """).get()
        #expect(config.agentCryptType == .plain && config.customerCryptType == .bcrypt)
        #expect(config.passwordMaxLoginFailed == 5)
        #expect(config.customerSource == .init(table: "crm_people", keyColumn: "username", loginColumn: "username",
            passwordColumn: "secret_hash", customerIDColumn: "company", emailColumn: "mail", firstNameColumn: "given_name",
            lastNameColumn: "family_name", validColumn: "valid_id"))
    }

    @Test("set-ups ChatEngine cannot honour stop the start, naming the setting, its module and where it was set",
        arguments: [
            ("$Self->{AuthModule} = 'Kernel::System::Auth::LDAP';", "AuthModule", "Kernel::System::Auth::LDAP"),
            ("$Self->{'Customer::AuthModule'} = 'Kernel::System::CustomerAuth::Radius';", "Customer::AuthModule", "Radius"),
            ("$Self->{AuthModule1} = 'Kernel::System::Auth::HTTPBasicAuth';", "AuthModule1", "second authentication backend"),
            ("$Self->{CustomerUser1} = { Module => 'Kernel::System::CustomerUser::LDAP' };", "CustomerUser1", "several customer-user sources"),
            ("$Self->{CustomerUser} = { Module => 'Kernel::System::CustomerUser::LDAP' };", "CustomerUser", "Kernel::System::CustomerUser::LDAP"),
            ("$Self->{AuthTwoFactorModule} = 'Kernel::System::Auth::TwoFactor::GoogleAuthenticator';", "AuthTwoFactorModule", "second factor"),
            ("$Self->{'AuthModule::DB::CryptType'} = 'rot13';", "AuthModule::DB::CryptType", "rot13"),
            ("$Self->{DatabaseDSN} = 'DBI:Oracle:sid=otrs;host=localhost';", "DatabaseDSN", "Oracle"),
            ("$Self->{DatabaseDSN} = 'DBI:mysql:database=otrs;host=db;port=99999';", "DatabaseDSN", "99999"),
            ("$Self->{DatabaseDSN} = 'DBI:mysql:host=db.example.test';", "DatabaseDSN", "names no database"),
            ("$Self->{DatabaseDSN} = 'DBI:mysql:database=otrs;mysql_ssl=1;mysql_ssl_client_key=/k.pem';", "DatabaseDSN",
                "mysql_ssl_client_key"),
            ("$Self->{CustomerUser} = { Module => 'Kernel::System::CustomerUser::DB', Params => { Table => 'x; DROP TABLE users' } };",
                "CustomerUser", "not a plain table or column name"),
        ])
    func refusals(line: String, setting: String, words: String) throws {
        guard case .failure(let error) = try Self.read(Self.database + "\n    " + line) else {
            Issue.record("accepted: \(line)")
            return
        }
        let issue = try #require(error.issues.first { $0.setting == setting }, "\(error)")
        #expect(issue.message.contains(words), "\(issue.message)")
        #expect(issue.location?.file.hasSuffix("Kernel/Config.pm") == true)
        #expect((issue.location?.line ?? 0) >= 4, "the line of the assignment")
    }

    @Test("a second factor is acceptable when only single sign-on logs people in")
    func secondFactorWithSingleSignOn() throws {
        let config = try Self.read(Self.database + "\n$Self->{AuthTwoFactorModule} = 'Kernel::System::Auth::TwoFactor::GoogleAuthenticator';",
            allowSecondFactor: true).get()
        #expect(config.requiresSecondFactor)
    }

    @Test("a home without Config.pm or deployed settings is an error naming the file")
    func emptyHome() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("ts-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        #expect(throws: ConfigLoadError.self) { try ConfigLoader(home: home.path).loadDeployed() }
    }

    static let znuny7: [String: Set<String>] = [
        "users": ["id", "login", "pw", "first_name", "last_name", "valid_id"],
        "user_preferences": ["user_id", "preferences_key", "preferences_value"],
        "permission_groups": ["id", "name", "valid_id"],
        "roles": ["id", "name", "valid_id"],
        "group_user": ["user_id", "group_id", "permission_key"],
        "role_user": ["user_id", "role_id"],
        "group_role": ["role_id", "group_id", "permission_key", "permission_value"],
        "valid": ["id", "name"],
        "customer_user": ["id", "login", "email", "customer_id", "pw", "first_name", "last_name", "valid_id"],
        "customer_company": ["customer_id", "name"],
    ]

    @Test("the layouts of Znuny 6/7 and OTRS 6/7, OTRS 5 and OTOBO are told apart; an unknown one names the table and column")
    func layouts() throws {
        let znuny = try TicketSystemLayout.detect(columns: Self.znuny7, customers: .znunyDefault)
        #expect(znuny == TicketSystemLayout(groupsTable: "permission_groups", groupUserHasValue: false))

        var otrs5 = Self.znuny7
        otrs5["groups"] = otrs5.removeValue(forKey: "permission_groups")
        otrs5["group_user"]?.insert("permission_value")
        #expect(try TicketSystemLayout.detect(columns: otrs5, customers: .znunyDefault)
            == TicketSystemLayout(groupsTable: "groups", groupUserHasValue: true))

        var otobo = Self.znuny7
        otobo["groups_table"] = otobo.removeValue(forKey: "permission_groups")
        #expect(try TicketSystemLayout.detect(columns: otobo, customers: .znunyDefault).groupsTable == "groups_table")

        var noPassword = Self.znuny7
        noPassword["users"]?.remove("pw")
        #expect { try TicketSystemLayout.detect(columns: noPassword, customers: .znunyDefault) } throws: { error in
            "\(error)".contains("users") && "\(error)".contains("pw")
        }
        var noGroups = Self.znuny7
        noGroups["permission_groups"] = nil
        #expect { try TicketSystemLayout.detect(columns: noGroups, customers: .znunyDefault) } throws: { error in
            "\(error)".contains("permission_groups") && "\(error)".contains("groups_table")
        }
        #expect { try TicketSystemLayout.detect(columns: Self.znuny7, customers: .init(table: "crm", keyColumn: "login",
            loginColumn: "login", passwordColumn: "pw", customerIDColumn: "customer_id", emailColumn: "email",
            firstNameColumn: "first_name", lastNameColumn: "last_name", validColumn: "valid_id")) } throws: { error in
            "\(error)".contains("no table crm")
        }
    }
}
