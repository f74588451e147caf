import ChatEngine
import Foundation
import SysConfig

/// The customer chat page's language chooser: the languages with a language file (and English), each by its
/// own name ("Deutsch"), when ChatEngine keeps the customer's choice; beside a ticket system a hint (and
/// its preferences screen's address) instead, since the choice is made there.
enum LanguageChooser {
    /// Names of languages OTRS ships, as their speakers write them; others are named by Foundation, or by code.
    static let ownNames: [String: String] = [
        "ar_SA": "العربية", "bg": "Български", "ca": "Català", "cs": "Čeština", "da": "Dansk", "de": "Deutsch",
        "el": "Ελληνικά", "en": "English", "en_GB": "English (United Kingdom)", "es": "Español", "es_MX": "Español (México)",
        "et": "Eesti", "fa": "فارسی", "fi": "Suomi", "fr": "Français", "fr_CA": "Français (Canada)", "he": "עברית",
        "hr": "Hrvatski", "hu": "Magyar", "it": "Italiano", "ja": "日本語", "ko": "한국어", "lt": "Lietuvių", "lv": "Latviešu",
        "nb_NO": "Norsk bokmål", "nl": "Nederlands", "pl": "Polski", "pt": "Português", "pt_BR": "Português (Brasil)",
        "ro": "Română", "ru": "Русский", "sk_SK": "Slovenčina", "sl": "Slovenščina", "sr_Latn": "Srpski", "sv": "Svenska",
        "sw": "Kiswahili", "th_TH": "ไทย", "tr": "Türkçe", "uk": "Українська", "vi_VN": "Tiếng Việt", "zh_CN": "简体中文",
        "zh_TW": "正體中文",
    ]

    static func ownName(_ code: String) -> String {
        if let name = ownNames[code] { return name }
        let locale = Locale(identifier: code)
        return locale.localizedString(forIdentifier: code).map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? code
    }

    /// The template's values: `LanguageChoice` (the options) or `LanguageElsewhere` (the hint), or none.
    static func values(_ request: ActionRequest) -> [String: Any] {
        guard request.caller.interface == .customer, case .customer? = request.caller.person else { return [:] }
        switch request.env.engine.account.customerLanguagePlace {
        case .here:
            let current = request.language.code
            let options: [[String: Any]] = request.env.live.current.translator.available.map { code in
                var option: [String: Any] = ["Code": code, "Name": ownName(code), "Tag": code.replacingOccurrences(of: "_", with: "-")]
                if code == current { option["Selected"] = true }
                return option
            }.sorted { ($0["Name"] as? String ?? "") < ($1["Name"] as? String ?? "") }
            return ["LanguageChoice": ["Languages": options]]
        case .ticketSystem(let url):
            var hint: [String: Any] = [:]
            if let url { hint["URL"] = url }
            return ["LanguageElsewhere": hint]
        }
    }
}
