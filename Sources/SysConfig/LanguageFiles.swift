import Foundation

/// Reads a home's `Kernel/Language/<lang>_<Module>.pm` files (OTRS's language files: `sub Data` assigning
/// `$Self->{Translation}->{'English'} = 'translation';`) with the Perl config reader, never running them.
/// A malformed file is an error naming the file and line; files of one language are merged by name order.
public enum LanguageFiles {
    public static func load(home: String) throws(ConfigLoadError) -> Translator {
        let directory = (home as NSString).appendingPathComponent("Kernel/Language")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return Translator() }
        var languages: [String: [String: String]] = [:]
        var issues: [ConfigIssue] = []
        for name in names.sorted() where name.hasSuffix(".pm") {
            guard let language = language(ofFile: name) else { continue }
            let display = "Kernel/Language/" + name
            do {
                let root = try PerlConfigReader.read(file: (directory as NSString).appendingPathComponent(name), displayName: display)
                languages[language, default: [:]].merge(try translations(root, file: display)) { _, later in later }
            } catch {
                issues.append(error)
            }
        }
        if !issues.isEmpty { throw ConfigLoadError(issues: issues) }
        return Translator(languages: languages)
    }

    /// `de_ChatEngine.pm` → `de`, `pt_BR_ChatEngine.pm` → `pt_BR`; nil for a name that is no language file.
    static func language(ofFile name: String) -> String? {
        let parts = name.dropLast(3).split(separator: "_").map(String.init)
        guard let primary = parts.first, (2...3).contains(primary.count), primary.allSatisfy({ $0.isASCII && $0.isLowercase })
        else { return nil }
        if parts.count > 2, parts[1].count == 2, parts[1].allSatisfy({ $0.isASCII && $0.isUppercase }) {
            return primary + "_" + parts[1]
        }
        return primary
    }

    /// The `Translation` hash of a language file: English text → translated text, each a single string.
    static func translations(_ root: [String: ConfigValue], file: String) throws(ConfigIssue) -> [String: String] {
        guard let table = root["Translation"] else { return [:] }
        guard case .hash(let entries) = table else {
            throw ConfigIssue("$Self->{Translation} must be a hash, not \(table.kindPhrase)", at: SourceLocation(file: file, line: 0))
        }
        var result: [String: String] = [:]
        for (english, value) in entries {
            switch value {
            case .string(let text): result[english] = text
            case .undef: continue
            default:
                throw ConfigIssue("the translation of '\(english)' must be a string, not \(value.kindPhrase)",
                    at: SourceLocation(file: file, line: 0))
            }
        }
        return result
    }
}
