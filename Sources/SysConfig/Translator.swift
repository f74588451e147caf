import ChatCore
import Foundation

/// Texts in the reader's language, the OTRS way: English is the source text, and each language's
/// `Kernel/Language/<lang>_<Module>.pm` maps English texts to translations
/// (`$Self->{Translation}->{'English'} = 'Deutsch';`). A text without a translation stays English.
public struct Translator: Sendable, Equatable {
    /// Language code (`de`, `pt_BR`) → English text → translation.
    public let languages: [String: [String: String]]

    public init(languages: [String: [String: String]] = [:]) {
        self.languages = languages
    }

    /// The codes that can be chosen: English (the source) and every language with a file.
    public var available: [String] { (["en"] + languages.keys.filter { $0 != "en" }).sorted() }

    /// `text` in `language`, or `text` itself when that language has no translation of it.
    public func translate(_ text: String, into language: String) -> String {
        guard let translated = languages[language]?[text], !translated.isEmpty else { return text }
        return translated
    }

    /// `text` in `language` with each `%s` replaced, in order, by the next of `arguments` (OTRS's
    /// `Translate('%s has joined the chat.', $Name)`). A translation whose `%s` count differs from the arguments'
    /// is not used (the English source is), so a bad translation never crashes or drops text; arguments go in
    /// as they are, never read as placeholders (a name may hold `%s`, `%` or `$`).
    /// Substitution is ChatCore's (`ChatLanguage.fill`), the same the chat's system lines use.
    public func translate(_ text: String, into language: String, _ arguments: [String]) -> String {
        ChatLanguage.fill(translate(text, into: language), with: arguments) ?? ChatLanguage.fill(text, with: arguments) ?? text
    }

    /// Every translation of `language` (empty for English): what a page's script receives.
    public func dictionary(for language: String) -> [String: String] {
        languages[language] ?? [:]
    }

    /// The language to use: the first of `wanted` (in order; each a code like `de`, `de-AT` or `pt_BR`) this
    /// translator has, else English. A regional code falls back to its language (`de-AT` → `de`).
    public func language(for wanted: [String]) -> String {
        for code in wanted {
            if let match = supported(code) { return match }
        }
        return "en"
    }

    /// The supported code for one wanted code, or nil.
    public func supported(_ code: String) -> String? {
        let parts = code.replacingOccurrences(of: "-", with: "_").split(separator: "_", maxSplits: 1).map(String.init)
        guard let primary = parts.first?.lowercased(), primary.count >= 2, primary.count <= 3,
            primary.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return nil }
        if primary == "en" { return "en" }
        if parts.count == 2 {
            let regional = primary + "_" + parts[1].uppercased()
            if languages[regional] != nil { return regional }
        }
        return languages[primary] != nil ? primary : nil
    }
}

/// An `Accept-Language` header (RFC 9110 §12.5.4) as the languages it asks for, most wanted first:
/// q-values order them (ties keep the header's order), `q=0` and `*` are dropped, bad entries skipped.
public enum AcceptLanguage {
    public static func parse(_ header: String?) -> [String] {
        guard let header, header.utf8.count <= 1000 else { return [] }
        var entries: [(code: String, q: Double, index: Int)] = []
        for (index, item) in header.split(separator: ",").prefix(50).enumerated() {
            let fields = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let code = fields.first, !code.isEmpty, code != "*",
                code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
            else { continue }
            var q = 1.0
            for field in fields.dropFirst() where field.lowercased().hasPrefix("q=") {
                q = Double(field.dropFirst(2)).map { min(max($0, 0), 1) } ?? 0
            }
            if q > 0 { entries.append((code, q, index)) }
        }
        return entries.sorted { $0.q != $1.q ? $0.q > $1.q : $0.index < $1.index }.map(\.code)
    }
}
