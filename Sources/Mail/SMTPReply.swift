/// One SMTP reply (RFC 5321 4.2): a three-digit code and one or more lines of text.
struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    var code: Int
    /// The text of each line, without the code and separator.
    var lines: [String]

    var isPositive: Bool { (200..<400).contains(code) }
    var isTemporaryFailure: Bool { (400..<500).contains(code) }

    /// As the server wrote it, lines joined by " / ": `535 5.7.8 Error: authentication failed`.
    var description: String {
        lines.map { "\(code) \($0)".trimmingSuffixSpaces }.joined(separator: " / ")
    }

    /// The EHLO keywords, upper-cased, with their parameters: `["AUTH": ["PLAIN", "LOGIN"], "STARTTLS": []]`.
    var extensions: [String: [String]] {
        var result: [String: [String]] = [:]
        for line in lines.dropFirst() {
            // `AUTH=PLAIN LOGIN` is the old spelling some servers still send beside `AUTH PLAIN LOGIN`
            let words = line.split(whereSeparator: { $0 == " " || $0 == "=" }).map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            result[keyword, default: []] += words.dropFirst()
        }
        return result
    }
}

/// Collects reply lines (`250-first`, `250 last`) into replies; refuses what is not a reply.
struct SMTPReplyParser {
    struct Malformed: Error, CustomStringConvertible {
        var line: String
        var description: String { "not an SMTP reply line: \(line.prefix(200).debugDescription)" }
    }

    static let maxLines = 200
    private var code: Int?
    private var lines: [String] = []

    /// Feeds one line (without CRLF); returns the reply when this line completes it.
    mutating func feed(_ line: String) throws -> SMTPReply? {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count >= 3, scalars[0...2].allSatisfy({ ("0"..."9").contains($0) }),
              scalars.count == 3 || scalars[3] == " " || scalars[3] == "-",
              let value = Int(String(String.UnicodeScalarView(scalars[0...2]))), (200..<600).contains(value)
        else { throw Malformed(line: line) }
        if let code, code != value { throw Malformed(line: line) }
        code = value
        lines.append(scalars.count > 4 ? String(String.UnicodeScalarView(scalars[4...])) : "")
        if lines.count > Self.maxLines { throw Malformed(line: "more than \(Self.maxLines) lines in one reply") }
        if scalars.count == 3 || scalars[3] == " " {
            defer { self.code = nil; lines = [] }
            return SMTPReply(code: value, lines: lines)
        }
        return nil
    }

    var isMidReply: Bool { code != nil }
}

extension String {
    var trimmingSuffixSpaces: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
