import Foundation
import Testing

@testable import SysConfig

/// The OTRS 5 format, against the real FAQ package file (190 ConfigItems, 27 of them Valid="0").
@Suite("OTRS 5 SysConfig format", .timeLimit(.minutes(2)))
struct OTRS5FormatTests {
    static func loadFAQ() throws -> LoadedConfig {
        let home = try TestSupport.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        try TestSupport.copy(TestSupport.fixture("otrs/otrs5-faq/Kernel/Config/Files/FAQ.xml"), into: home,
            at: "Kernel/Config/Files/FAQ.xml")
        return try ConfigLoader(home: home.path).load()
    }

    @Test("every valid ConfigItem is read, invalid ones are absent")
    func counts() throws {
        let file = try DefinitionReader.read(
            path: TestSupport.fixture("otrs/otrs5-faq/Kernel/Config/Files/FAQ.xml").path, displayName: "FAQ.xml")
        #expect(file.settings.count == 190)
        #expect(file.settings.filter { !$0.isValid }.count == 27)
        #expect(file.initGroup == "Application")
        let config = try Self.loadFAQ()
        #expect(config.definitions.count == 163)
        for definition in file.settings {
            #expect((config.value(named: definition.name) != nil) == definition.isValid, "\(definition.name)")
        }
    }

    @Test("String, Option, TextArea, Array and nested Hash values")
    func scalarAndContainerValues() throws {
        let config = try Self.loadFAQ()
        #expect(config.value(named: "FAQ::Agent::StateTypes") == .array([.string("internal"), .string("external"), .string("public")]))
        #expect(config.value(named: "FAQ::Explorer::Path::Show") == .string("1"))
        #expect(config.value(named: "FAQ::ApprovalTicketSubject") == .string("FAQ approval required for FAQ# <OTRS_FAQ_NUMBER>"))
        let body = try #require(config.value(named: "FAQ::ApprovalTicketBody")?.stringValue)
        #expect(body.hasPrefix("Hi,\n"))
        #expect(body.contains("<OTRS_CONFIG_HttpType>://<OTRS_CONFIG_FQDN>/"))
        let filter = try #require(config.value(named: "Frontend::Output::FilterElementPost###FAQ")?.hashEntries)
        #expect(filter["Module"] == .string("Kernel::Output::HTML::FilterElementPost::FAQ"))
        #expect(filter["Templates"]?.hashEntries?["AgentTicketPhone"] == .string("1"))
        #expect(filter["Templates"]?.hashEntries?.count == 12)
        #expect(config.value(named: "Frontend::Output::OutputFilterTextAutoLink###FAQ") == nil, "Valid=0")
        // Name###Key settings land as keys of one hash
        let modules = try #require(config.value(named: "Frontend::Module")?.hashEntries)
        #expect(modules.keys.contains("AgentFAQExplorer") && modules.keys.contains("AgentFAQAdd"))
    }

    @Test("a FrontendModuleReg becomes a hash whose repeatable elements are arrays, as OTRS 5 deployed it")
    func frontendModuleRegistration() throws {
        let config = try Self.loadFAQ()
        let reg = try #require(config.value(named: "Frontend::Module###AgentFAQExplorer")?.hashEntries)
        #expect(reg["Group"] == .array([.string("faq")]))
        #expect(reg["GroupRo"] == .array([.string("faq")]))
        #expect(reg["Description"] == .string("FAQ Area."))
        #expect(reg["NavBarName"] == .string("FAQ"))
        #expect(reg["Loader"] == .hash(["CSS": .array([.string("FAQ.Agent.Detail.css")])]))
        let navBar = try #require(reg["NavBar"]?.arrayValue)
        #expect(navBar.count == 2)
        let first = try #require(navBar.first?.hashEntries)
        #expect(first["GroupRo"] == .array([.string("faq")]))
        #expect(first["NavBar"] == .string("FAQ"))
        #expect(first["Prio"] == .string("350"))
        #expect(first["Link"] == .string("Action=AgentFAQExplorer"))
        #expect(navBar[1].hashEntries?["Type"] == .string(""))
    }

    @Test("a String's Regex is checked when an override changes it")
    func regexChecked() throws {
        let home = try TestSupport.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        try TestSupport.copy(TestSupport.fixture("otrs/otrs5-faq/Kernel/Config/Files/FAQ.xml"), into: home,
            at: "Kernel/Config/Files/FAQ.xml")
        let faq = try Self.loadFAQ()
        let name = "FAQ::Frontend::CustomerFAQExplorer###SearchPageShown"
        #expect(faq.definitions[name]?.check?.regex == "^[0-9]{1,3}$")
        try TestSupport.write("""
            package Kernel::Config;
            sub Load {
                my $Self = shift;
                $Self->{'FAQ::Frontend::CustomerFAQExplorer'}->{'SearchPageShown'} = 'many';
            }
            1;
            """, to: home.appendingPathComponent("Kernel/Config.pm"))
        let error = #expect(throws: ConfigLoadError.self) { try ConfigLoader(home: home.path).load() }
        #expect(error?.description == "Kernel/Config.pm:4: setting \(name): 'many' does not match its ValueRegex ^[0-9]{1,3}$")
    }
}
