import Foundation

/// Message text made fit for layout, with `TranscriptText`'s rules: lines end in `\n` only, trailing blanks
/// and leading or trailing empty lines go, names and system texts stay on one line. Control characters other
/// than line breaks and tabs are dropped: they have no glyph and would only count as unknown ones.
enum PDFText {
    static func body(_ text: String) -> String {
        var lines = clean(text).split(separator: "\n", omittingEmptySubsequences: false).map(trimmingTrailingBlanks)
        while lines.last?.isEmpty == true { lines.removeLast() }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        return lines.joined(separator: "\n")
    }

    static func oneLine(_ text: String) -> String {
        clean(text).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    /// Line breaks of every kind become `\n`; other controls go.
    private static func clean(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars {
            defer { previousCR = scalar == "\r" }
            switch scalar.value {
            case 0x0A where previousCR: continue
            case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: scalars.append("\n")
            case 0x09: scalars.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    private static func trimmingTrailingBlanks(_ line: Substring) -> String {
        var line = line
        while let last = line.last, last.isWhitespace { line.removeLast() }
        return String(line)
    }
}
