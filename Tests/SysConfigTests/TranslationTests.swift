import Foundation
import Testing

@testable import SysConfig

/// Texts in the reader's language: OTRS language files read (never run), English as the fallback, the
/// browser's Accept-Language with q-values, and German complete for every visitor and customer text.
@Suite("Translations", .timeLimit(.minutes(2)))
struct TranslationTests {
    static let languageFile = """
        package Kernel::Language::de_ChatEngine;
        use strict;
        use warnings;
        use utf8;

        sub Data {
            my $Self = shift;

            $Self->{Translation}->{'Start chat'} = 'Chat starten';
            $Self->{Translation}->{'It\\'s %s'} = "Es ist %s";
            return;
        }

        1;
        """

    @Test("a language file is read into its language; a missing text stays English")
    func readsLanguageFile() throws {
        let home = try TestSupport.home(["Kernel/Language/de_ChatEngine.pm": Self.languageFile,
            "Kernel/Language/pt_BR_ChatEngine.pm": "package X;\nsub Data {\n my $Self = shift;\n $Self->{Translation}->{'Start chat'} = 'Iniciar chat';\n}\n1;\n",
            "Kernel/Language/README.txt": "not a language file"])
        let translator = try LanguageFiles.load(home: home.path)
        #expect(translator.available == ["de", "en", "pt_BR"])
        #expect(translator.translate("Start chat", into: "de") == "Chat starten")
        #expect(translator.translate("It's %s", into: "de") == "Es ist %s")
        #expect(translator.translate("Start chat", into: "pt_BR") == "Iniciar chat")
        #expect(translator.translate("Untranslated", into: "de") == "Untranslated")
        #expect(translator.translate("Start chat", into: "en") == "Start chat")
        #expect(translator.translate("Start chat", into: "fr") == "Start chat")
        #expect(translator.dictionary(for: "en").isEmpty)
    }

    @Test("a malformed language file is an error naming the file and the line")
    func malformedFile() throws {
        let broken = Self.languageFile.replacingOccurrences(of: "= 'Chat starten';", with: "= 'Chat starten'")
        let home = try TestSupport.home(["Kernel/Language/de_ChatEngine.pm": broken])
        do {
            _ = try LanguageFiles.load(home: home.path)
            Issue.record("a broken language file was read")
        } catch {
            let issue = try #require(error.issues.first)
            #expect(issue.location?.file == "Kernel/Language/de_ChatEngine.pm")
            #expect(issue.location?.line == 10, "the statement after the missing ';'")
        }
        let notAHash = try TestSupport.home(["Kernel/Language/de_X.pm": "sub Data {\n my $Self = shift;\n $Self->{Translation} = ['a'];\n}\n1;\n"])
        #expect(throws: ConfigLoadError.self) { try LanguageFiles.load(home: notAHash.path) }
        let running = try TestSupport.home(["Kernel/Language/de_X.pm": "sub Data {\n my $Self = shift;\n system('rm -rf /');\n}\n1;\n"])
        #expect(throws: ConfigLoadError.self) { try LanguageFiles.load(home: running.path) }
    }

    @Test("a home without Kernel/Language speaks English")
    func noLanguages() throws {
        let translator = try LanguageFiles.load(home: try TestSupport.temporaryHome().path)
        #expect(translator.available == ["en"] && translator.language(for: ["de"]) == "en")
    }

    @Test("Accept-Language: q-values order, ties keep the header's order, q=0 and * are dropped")
    func acceptLanguage() {
        #expect(AcceptLanguage.parse("de-DE,de;q=0.9,en;q=0.8") == ["de-DE", "de", "en"])
        #expect(AcceptLanguage.parse("en;q=0.5, fr;q=0.7, de") == ["de", "fr", "en"])
        #expect(AcceptLanguage.parse("fr;q=0.8, de;q=0.8") == ["fr", "de"])
        #expect(AcceptLanguage.parse("de;q=0, en") == ["en"])
        #expect(AcceptLanguage.parse("*, de;q=0.1") == ["de"])
        #expect(AcceptLanguage.parse("de;q=abc, en;q=0.2") == ["en"], "an unreadable q-value counts as 0")
        #expect(AcceptLanguage.parse("<script>, de") == ["de"])
        #expect(AcceptLanguage.parse(nil).isEmpty && AcceptLanguage.parse("").isEmpty)
        #expect(AcceptLanguage.parse(String(repeating: "de,", count: 1000)).isEmpty, "an oversized header is ignored")
    }

    @Test("negotiation: the first supported language wins; regions fall back to their language; else English")
    func negotiation() {
        let translator = Translator(languages: ["de": ["Chat": "Chat"], "pt_BR": [:]])
        #expect(translator.language(for: AcceptLanguage.parse("fr;q=0.9, de-AT;q=0.8, en;q=0.1")) == "de")
        #expect(translator.language(for: AcceptLanguage.parse("en-US,en;q=0.9,de;q=0.8")) == "en")
        #expect(translator.language(for: ["pt-br"]) == "pt_BR")
        #expect(translator.language(for: ["pt-PT"]) == "en", "Portuguese of Portugal is not Brazil's")
        #expect(translator.language(for: ["fr", "es"]) == "en")
        #expect(translator.language(for: ["de_DE"]) == "de")
        #expect(translator.language(for: ["../../etc", "d"]) == "en")
    }

    @Test("the repository's German is complete: every text of the visitor and customer pages and the Texts defaults")
    func germanComplete() throws {
        let root = TestSupport.repositoryRoot
        let translator = try LanguageFiles.load(home: root.path)
        let german = translator.dictionary(for: "de")
        var wanted = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("templates").path) {
            let text = try String(contentsOf: root.appendingPathComponent("templates/" + file), encoding: .utf8)
            wanted.formUnion(Self.matches(#"\{\{#T\}\}(.*?)\{\{/T\}\}"#, in: text))
        }
        let scripts = root.appendingPathComponent("public/js")
        for file in try FileManager.default.contentsOfDirectory(atPath: scripts.path) where file.hasSuffix(".js") {
            let text = try String(contentsOf: scripts.appendingPathComponent(file), encoding: .utf8)
            wanted.formUnion(Self.matches(#"\bt\('((?:[^'\\]|\\.)*)'"#, in: text).map { $0.replacingOccurrences(of: "\\'", with: "'") })
        }
        // the scripts' label tables are translated where they are shown
        wanted.formUnion(["Connected", "Reconnecting…", "Connected (polling)", "Offline: waiting for the network…",
            "Disconnected", "Waiting for acceptance", "Active", "Closed", "Owner", "Participant", "Observer"])
        // the chat's system lines and a customer transcript's header and footer: `tr("English %s", …)` in ChatCore
        // and the PDF
        var systemLines = Set<String>()
        for folder in ["Sources/ChatCore", "Sources/TranscriptPDF"] {
            let core = root.appendingPathComponent(folder)
            for file in try FileManager.default.contentsOfDirectory(atPath: core.path) where file.hasSuffix(".swift") {
                let text = try String(contentsOf: core.appendingPathComponent(file), encoding: .utf8)
                systemLines.formUnion(Self.matches(#"\btr\("((?:[^"\\]|\\.)*)""#, in: text))
            }
        }
        #expect(systemLines.count >= 25 && systemLines.contains("Page %s of %s") && systemLines.contains("%s has joined the chat."),
            "the lines found: \(systemLines)")
        wanted.formUnion(systemLines)
        // the errors and notices Swift writes for visitors and customer users: every `LocalizableText("…")` in
        // Sources, and the reasons customer users read inside "Not permitted: %s." and "Invalid chat partner: %s."
        let sources = root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: sources.path)?.allObjects.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            wanted.formUnion(Self.matches(#"LocalizableText\(\s*"((?:[^"\\]|\\.)*)""#, in: text)
                .map { $0.replacingOccurrences(of: "\\\"", with: "\"") })
        }
        #expect(wanted.contains("The message has %s characters; at most %s are allowed."), "the Swift texts are found")
        wanted.formUnion(["a name of 1 to 100 characters is needed", "chats about tickets are switched off",
            "you may only read this ticket", "no agent is available right now", "the chat is still open",
            "only the customer user who asked for the chat makes a ticket of it", "this chat is already saved in a ticket",
            "chats that are not about a ticket are switched off: start the chat from one of your tickets",
            "Chats from public visitors to agents are switched off.", "Chats from customer users to agents are switched off."])
        let xml = try String(contentsOf: root.appendingPathComponent("Kernel/Config/Files/XML/ChatEngine.xml"), encoding: .utf8)
        let texts = Self.matches(#"<Setting Name="ChatEngine::Texts::[^"]*"[\s\S]*?Translatable="1">([^<]*)</Item>"#, in: xml)
        #expect(texts.count == 9, "the nine Texts settings' defaults")
        wanted.formUnion(texts)
        #expect(wanted.count > 80)
        let missing = wanted.filter { german[$0]?.isEmpty ?? true }.sorted()
        #expect(missing.isEmpty, "without German: \(missing)")
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
