/// Fonts and spacing. Fonts come from fontconfig, named in full so that every script gets a Noto face from
/// Debian's fonts-noto-core and -cjk whatever else is installed; Pango falls back along the list per character
/// (and to fontconfig's choice after it). Emoji are left out on purpose: Pango takes fontconfig's "emoji" family
/// (Noto Color Emoji) for emoji sequences itself, while naming it here would let its digits and spaces win.
enum TranscriptStyle {
    static let bodySize = 9.5
    static let smallSize = 8.0
    static let headerNameSize = 15.0
    static let titleSize = 11.5
    static let messageSpacing = 6.0
    static let daySpacing = 12.0

    static var body: String { font(size: bodySize) }
    static var small: String { font(size: smallSize) }

    /// A Pango font description: Latin, Greek and Cyrillic from Noto Sans, then the scripts it lacks; the
    /// CJK face follows `language` (Japanese Kanji in Japanese forms, etc.).
    static func font(size: Double, language: String? = nil) -> String {
        "\(families(language: language).joined(separator: ", ")) \(size)"
    }

    static func families(language: String?) -> [String] {
        let cjk = switch language {
        case "ja": "Noto Sans CJK JP"
        case "ko": "Noto Sans CJK KR"
        case "zh-tw": "Noto Sans CJK TC"
        case "zh-hk": "Noto Sans CJK HK"
        default: "Noto Sans CJK SC"
        }
        return ["Noto Sans", "Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Thai", "Noto Sans Devanagari", cjk,
            "Noto Sans Symbols", "Noto Sans Symbols 2", "Noto Sans Math"]
    }
}
