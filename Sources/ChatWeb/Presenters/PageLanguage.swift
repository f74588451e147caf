import Mustache
import SysConfig

/// The language a page speaks to a visitor or customer user: the page's `Lang` parameter (the widget's
/// `language` option), else the browser's `Accept-Language`, else English. Agents' screens stay English.
/// Texts are translated the OTRS way (`Translator`, from `Kernel/Language/*.pm`); templates write
/// `{{#T}}English text{{/T}}`, scripts get the dictionary in the page's configuration (`Translations`).
struct PageLanguage: Sendable {
    let code: String
    let translator: Translator

    func callAsFunction(_ text: String) -> String { translator.translate(text, into: code) }

    /// `{{#T}}Your name{{/T}}`: the section's literal text, translated and HTML-escaped (a lambda's result is
    /// otherwise parsed as a template and written raw).
    var lambda: MustacheLambda {
        MustacheLambda { text in EscapedText(html: Self.escape(translator.translate(text, into: code))) }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// HTML already escaped: Mustache writes a lambda's non-string result as it is.
struct EscapedText: CustomStringConvertible {
    let html: String
    var description: String { html }
}

extension ActionRequest {
    var language: PageLanguage {
        let translator = env.live.current.translator
        guard caller.interface != .agent else { return PageLanguage(code: "en", translator: translator) }
        let wanted = [params["Lang"]].compactMap { $0 }.filter { $0.count <= 20 } + AcceptLanguage.parse(acceptLanguage)
        return PageLanguage(code: translator.language(for: wanted), translator: translator)
    }
}
