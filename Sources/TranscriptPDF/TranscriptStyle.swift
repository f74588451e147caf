/// Fonts and spacing. Fonts come from fontconfig: "Noto Sans" first, then whatever Noto family has the script
/// (Arabic, Hebrew, Thai, Devanagari, CJK, Color Emoji), as Pango's fallback chooses.
enum TranscriptStyle {
    static let family = "Noto Sans"
    static let body = "\(family) 9.5"
    static let small = "\(family) 8"
    static let headerNameSize = 15.0
    static let titleSize = 11.5
    static let messageSpacing = 6.0
    static let daySpacing = 12.0
}
