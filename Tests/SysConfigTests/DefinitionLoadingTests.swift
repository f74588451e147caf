import Foundation
import Testing

@testable import SysConfig

/// The OTRS 6+ format's value types and OTRS's load order, on small hand-written files.
@Suite("SysConfig 2.0 definitions and load order", .timeLimit(.minutes(2)))
struct DefinitionLoadingTests {
    static func setting(_ name: String, _ value: String, valid: Int = 1, required: Int = 0) -> String {
        """
            <Setting Name="\(name)" Required="\(required)" Valid="\(valid)">
                <Description Translatable="1">Test setting.</Description>
                <Navigation>Test</Navigation>
                <Value>
                    \(value)
                </Value>
            </Setting>

        """
    }

    static func file(init initGroup: String, root: String = "otrs_config", _ settings: String...) -> String {
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<\(root) version=\"2.0\" init=\"\(initGroup)\">\n"
            + settings.joined() + "</\(root)>\n"
    }

    @Test("every value type, nesting, DefaultItem and Valid=0")
    func valueTypes() throws {
        let xml = Self.file(init: "Application",
            Self.setting("T::String", #"<Item ValueType="String" ValueRegex="^\w+ &amp;">Text &amp; more</Item>"#),
            Self.setting("T::Checkbox", #"<Item ValueType="Checkbox">1</Item>"#),
            Self.setting("T::Select", """
                <Item ValueType="Select" SelectedID="b"><Item ValueType="Option" Value="a">A</Item>
                <Item ValueType="Option" Value="b">B</Item></Item>
                """),
            Self.setting("T::Textarea", "<Item ValueType=\"Textarea\">line 1\n  line 2\n</Item>"),
            Self.setting("T::Entity", #"<Item ValueType="Entity" ValueEntityType="Queue">Raw</Item>"#),
            Self.setting("T::Password", #"<Item ValueType="Password">s3cret</Item>"#),
            Self.setting("T::Date", #"<Item ValueType="DateTime">2024-01-02 03:04:05</Item>"#),
            Self.setting("T::Empty", #"<Item ValueType="String"></Item>"#),
            Self.setting("T::CDATA", #"<Item ValueType="String"><![CDATA[<b>bold</b>]]></Item>"#),
            Self.setting("T::Array", """
                <Array><DefaultItem ValueType="String"><Item></Item></DefaultItem>
                <Item>one</Item><Item>two</Item></Array>
                """),
            Self.setting("T::EmptyArray", "<Array>\n</Array>"),
            Self.setting("T::EmptyHash", "<Hash/>"),
            Self.setting("T::Nested", """
                <Hash><Item Key="List"><Array><Item><Hash><Item Key="Deep">x</Item></Hash></Item></Array></Item>
                <Item Key="Box" ValueType="Checkbox">0</Item>
                <Item Key="Choice"><Item ValueType="Select" SelectedID="2"><Item ValueType="Option" Value="2">Two</Item></Item></Item>
                <Item Key="Hours"><Item ValueType="WorkingHours"><Item ValueType="Day" ValueName="Mon"><Item ValueType="Hour">8</Item><Item ValueType="Hour">9</Item></Item><Item ValueType="Day" ValueName="Sun"></Item></Item></Item>
                <Item Key="Holidays"><Item ValueType="VacationDays"><Item ValueMonth="12" ValueDay="24">Christmas Eve</Item><Item ValueMonth="12" ValueDay="25">Christmas</Item></Item></Item>
                <Item Key="Once"><Item ValueType="VacationDaysOneTime"><Item ValueYear="2004" ValueMonth="1" ValueDay="2">test</Item></Item></Item>
                <Item Key="EmptyList"><Array><Item></Item></Array></Item>
                </Hash>
                """),
            Self.setting("T::Registration", """
                <Item ValueType="FrontendRegistration"><Hash><Item Key="Group"><Array><Item>admin</Item></Array></Item>
                <Item Key="Title">Admin</Item></Hash></Item>
                """),
            Self.setting("T::Invalid", #"<Item ValueType="String">gone</Item>"#, valid: 0),
            Self.setting("T::Map###First", #"<Item ValueType="String">1</Item>"#),
            Self.setting("T::Map###Second###Deep", #"<Item ValueType="String">2</Item>"#)
        )
        let home = try TestSupport.home(["Kernel/Config/Files/XML/Test.xml": xml])
        defer { try? FileManager.default.removeItem(at: home) }
        let config = try ConfigLoader(home: home.path).load()
        #expect(config.value(named: "T::String") == .string("Text & more"))
        #expect(config.value(named: "T::Checkbox") == .string("1"))
        #expect(config.value(named: "T::Select") == .string("b"))
        #expect(config.value(named: "T::Textarea") == .string("line 1\n  line 2\n"))
        #expect(config.value(named: "T::Entity") == .string("Raw"))
        #expect(config.value(named: "T::Password") == .string("s3cret"))
        #expect(config.value(named: "T::Date") == .string("2024-01-02 03:04:05"))
        #expect(config.value(named: "T::Empty") == .string(""))
        #expect(config.value(named: "T::CDATA") == .string("<b>bold</b>"))
        #expect(config.value(named: "T::Array") == .array([.string("one"), .string("two")]))
        #expect(config.value(named: "T::EmptyArray") == .array([]))
        #expect(config.value(named: "T::EmptyHash") == .hash([:]))
        #expect(config.value(named: "T::Nested###List") == .array([.hash(["Deep": .string("x")])]))
        #expect(config.value(named: "T::Nested###Box") == .string("0"))
        #expect(config.value(named: "T::Nested###Choice") == .string("2"))
        #expect(config.value(named: "T::Nested###Hours") == .hash(["Mon": .array([.string("8"), .string("9")]), "Sun": .array([])]))
        #expect(config.value(named: "T::Nested###Holidays") == .hash(["12": .hash(["24": .string("Christmas Eve"), "25": .string("Christmas")])]))
        #expect(config.value(named: "T::Nested###Once") == .hash(["2004": .hash(["1": .hash(["2": .string("test")])])]))
        #expect(config.value(named: "T::Nested###EmptyList") == .array([]), "an empty <Item></Item> is no entry")
        #expect(config.value(named: "T::Registration") == .hash(["Group": .array([.string("admin")]), "Title": .string("Admin")]))
        #expect(config.value(named: "T::Invalid") == nil)
        #expect(config.value(named: "T::Map") == .hash(["First": .string("1"), "Second": .hash(["Deep": .string("2")])]))
    }

    @Test("files load by init group, then by file name; a later definition replaces an earlier one")
    func loadOrder() throws {
        let home = try TestSupport.home([
            // alphabetically first, but init="Changes" loads it last
            "Kernel/Config/Files/XML/AAA.xml": Self.file(init: "Changes",
                Self.setting("Order::Winner", #"<Item ValueType="String">Changes</Item>"#)),
            "Kernel/Config/Files/XML/Zeta.xml": Self.file(init: "Framework",
                Self.setting("Order::Winner", #"<Item ValueType="String">Framework</Item>"#),
                Self.setting("Order::Disabled", #"<Item ValueType="String">on</Item>"#)),
            "Kernel/Config/Files/XML/Beta.xml": Self.file(init: "Application", root: "otobo_config",
                Self.setting("Order::Winner", #"<Item ValueType="String">Application Beta</Item>"#),
                Self.setting("Order::Disabled", #"<Item ValueType="String">off</Item>"#, valid: 0)),
            "Kernel/Config/Files/XML/Alpha.xml": Self.file(init: "Application",
                Self.setting("Order::Winner", #"<Item ValueType="String">Application Alpha</Item>"#),
                Self.setting("Order::Alpha", #"<Item ValueType="String">kept</Item>"#)),
            // an OTRS 5 file, ordered with the others by init and name
            "Kernel/Config/Files/Old.xml": """
                <?xml version="1.0" encoding="utf-8"?>
                <otrs_config version="1.0" init="Config">
                    <ConfigItem Name="Order::Old" Required="0" Valid="1"><Setting><String>old</String></Setting></ConfigItem>
                </otrs_config>
                """,
        ])
        defer { try? FileManager.default.removeItem(at: home) }
        let config = try ConfigLoader(home: home.path).load()
        #expect(config.files == [
            "Kernel/Config/Files/XML/Zeta.xml", "Kernel/Config/Files/XML/Alpha.xml",
            "Kernel/Config/Files/XML/Beta.xml", "Kernel/Config/Files/Old.xml", "Kernel/Config/Files/XML/AAA.xml",
        ])
        #expect(config.value(named: "Order::Winner") == .string("Changes"))
        #expect(config.value(named: "Order::Disabled") == nil, "redefined as Valid=0 later")
        #expect(config.value(named: "Order::Alpha") == .string("kept"))
        #expect(config.value(named: "Order::Old") == .string("old"))
    }

    @Test("ZZZ*.pm files alphabetically, then Config.pm, override the defaults")
    func perlOverrides() throws {
        func pm(_ package: String, _ body: String) -> String {
            "package \(package);\nuse strict;\nsub Load {\n    my ($File, $Self) = @_;\n\(body)\n    return;\n}\n1;\n"
        }
        let home = try TestSupport.home([
            "Kernel/Config/Files/XML/Test.xml": Self.file(init: "Application",
                Self.setting("P::A", #"<Item ValueType="String">default</Item>"#),
                Self.setting("P::Map###Key", #"<Item ValueType="String">default</Item>"#),
                Self.setting("P::Map###Other", #"<Item ValueType="String">kept</Item>"#)),
            "Kernel/Config/Files/ZZZBBB.pm": pm("Kernel::Config::Files::ZZZBBB", "$Self->{'P::A'} = 'second';"),
            "Kernel/Config/Files/ZZZAAA.pm": pm("Kernel::Config::Files::ZZZAAA",
                "$Self->{'P::A'} = 'first';\n$Self->{'P::Map'}->{'Key'} = 'zzz';"),
            "Kernel/Config.pm": "package Kernel::Config;\nsub Load {\n    my $Self = shift;\n    $Self->{Local} = \"$Self->{'P::A'}!\";\n}\n1;\n",
        ])
        defer { try? FileManager.default.removeItem(at: home) }
        let config = try ConfigLoader(home: home.path).load()
        #expect(config.files.suffix(3) == ["Kernel/Config/Files/ZZZAAA.pm", "Kernel/Config/Files/ZZZBBB.pm", "Kernel/Config.pm"])
        #expect(config.value(named: "P::A") == .string("second"))
        #expect(config.value(named: "P::Map") == .hash(["Key": .string("zzz"), "Other": .string("kept")]))
        #expect(config.value(named: "Local") == .string("second!"))
        #expect(config.origin(ofSetting: "P::Map###Key") == SourceLocation(file: "Kernel/Config/Files/ZZZAAA.pm", line: 6))
        #expect(config.origin(ofSetting: "P::Map###Other")?.file == "Kernel/Config/Files/XML/Test.xml")
    }

    @Test("malformed XML and unknown formats name file and line; every broken file is reported")
    func malformedFiles() throws {
        let home = try TestSupport.home([
            "Kernel/Config/Files/XML/Broken.xml": "<?xml version=\"1.0\"?>\n<otrs_config version=\"2.0\" init=\"Application\">\n<Setting Name=\"X\">\n</otrs_config>\n",
            "Kernel/Config/Files/XML/Future.xml": "<otrs_config version=\"3.0\" init=\"Application\"></otrs_config>",
            "Kernel/Config/Files/XML/Init.xml": "<otrs_config version=\"2.0\" init=\"Whenever\"></otrs_config>",
            "Kernel/Config.pm": "package Kernel::Config;\nsub Load {\n    my $Self = shift;\n    print 'hi';\n}\n1;\n",
        ])
        defer { try? FileManager.default.removeItem(at: home) }
        let error = #expect(throws: ConfigLoadError.self) { try ConfigLoader(home: home.path).load() }
        let text = error?.description ?? ""
        #expect(text.contains("Kernel/Config/Files/XML/Broken.xml:4: malformed XML"), "\(text)")
        #expect(text.contains("Kernel/Config/Files/XML/Future.xml:1: version=\"3.0\""), "\(text)")
        #expect(text.contains("Kernel/Config/Files/XML/Init.xml:1: init=\"Whenever\""), "\(text)")
        #expect(text.contains("Kernel/Config.pm:4: unsupported construct, found 'print 'hi';'"), "\(text)")
        #expect(error?.issues.count == 4)
    }
}
