import Mustache
import SysConfig

/// The language a page speaks to a visitor or customer user (`PageLanguage.resolve`: a customer user's stored
/// preference, the page's `Lang` parameter (the widget's `language` option), the browser's `Accept-Language`,
/// English). Agents' screens stay English.
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

extension PageLanguage {
    /// THE language rule for everything a visitor or customer user reads (pages, live system lines, errors):
    /// a logged-in customer user's stored preference (`UserLanguage`: ChatEngine's own preference, or the
    /// ticket system's customer preference), then the page's `Lang` parameter, then the browser's
    /// `Accept-Language`, then English. A code the translator does not have falls through to the next rule.
    /// Agents' screens stay English.
    static func resolve(for caller: Caller, lang: String?, acceptLanguage: String?, translator: Translator) -> PageLanguage {
        guard caller.interface != .agent else { return PageLanguage(code: "en", translator: translator) }
        let stored = caller.interface == .customer ? caller.preferredLanguage : nil
        let wanted = [stored, lang].compactMap { $0 }.filter { !$0.isEmpty && $0.count <= 20 } + AcceptLanguage.parse(acceptLanguage)
        return PageLanguage(code: translator.language(for: wanted), translator: translator)
    }
}

extension ActionRequest {
    /// This request's language: `PageLanguage.resolve` with its caller, `Lang` parameter and `Accept-Language`.
    var language: PageLanguage {
        PageLanguage.resolve(for: caller, lang: params["Lang"], acceptLanguage: acceptLanguage, translator: env.live.current.translator)
    }
}
