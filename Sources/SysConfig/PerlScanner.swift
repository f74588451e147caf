/// A cursor over the bytes of a Perl file: skipping space, comments and POD, reading words, and
/// building errors that name the file, the line and the construct found there.
struct PerlScanner {
    let bytes: [UInt8]
    let file: String
    var pos: Int
    var line: Int
    /// How deep the value being read is nested: a limit keeps a hostile file from overflowing the stack.
    var depth = 0
    /// Far above anything OTRS writes (its deepest settings nest a few levels).
    static let maxNesting = 200
    /// Array subscripts up to this: `$Self->{A}[999999999999]` must not allocate for seconds.
    static let maxArrayIndex = 100_000

    init(bytes: [UInt8], file: String, line: Int = 1) {
        self.bytes = bytes
        self.file = file
        self.pos = 0
        self.line = line
    }

    var atEnd: Bool { pos >= bytes.count }
    var location: SourceLocation { SourceLocation(file: file, line: line) }

    func peek(_ offset: Int = 0) -> UInt8? {
        let i = pos + offset
        return i < bytes.count ? bytes[i] : nil
    }

    mutating func advance() {
        if bytes[pos] == UInt8(ascii: "\n") { line += 1 }
        pos += 1
    }

    /// Skips white space, `#` comments and POD blocks (`=pod` ... `=cut` at the start of a line).
    mutating func skipSpace() {
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: "\n") || c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r")
                || c == 0x0C
            {
                advance()
            } else if c == UInt8(ascii: "#") {
                while pos < bytes.count && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
            } else if c == UInt8(ascii: "="), pos == 0 || bytes[pos - 1] == UInt8(ascii: "\n"),
                let next = peek(1), next.isASCIILetter
            {
                skipPOD()
            } else {
                return
            }
        }
    }

    private mutating func skipPOD() {
        while pos < bytes.count {
            let lineStart = pos
            while pos < bytes.count && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
            let isCut = bytes[lineStart..<pos].starts(with: Array("=cut".utf8))
            if pos < bytes.count { advance() }
            if isCut { return }
        }
    }

    /// Consumes `text` (after space) if it comes next; a word must not run on into more word characters.
    mutating func consume(_ text: String) -> Bool {
        skipSpace()
        var end = pos
        for byte in text.utf8 {
            guard end < bytes.count, bytes[end] == byte else { return false }
            end += 1
        }
        if let last = text.utf8.last, last.isWordByte, end < bytes.count, bytes[end].isWordByte { return false }
        while pos < end { advance() }
        return true
    }

    mutating func expect(_ text: String, _ what: String) throws(ConfigIssue) {
        if !consume(text) { throw error("expected \(what)") }
    }

    /// An identifier (`\w+`), with `::` parts when `qualified`.
    mutating func word(qualified: Bool = false) -> String? {
        skipSpace()
        let start = pos
        while let c = peek(), c.isWordByte || (qualified && c == UInt8(ascii: ":") && peek(1) == UInt8(ascii: ":")) {
            pos += c == UInt8(ascii: ":") ? 2 : 1
        }
        return pos > start ? String(decoding: bytes[start..<pos], as: UTF8.self) : nil
    }

    /// The identifier at the cursor without consuming it.
    func peekWord() -> String? {
        var copy = self
        return copy.word()
    }

    /// True when a fat comma follows (after space): it turns a bareword before it into a string.
    func fatCommaFollows() -> Bool {
        var copy = self
        return copy.consume("=>")
    }

    /// An error naming what stands at the cursor, so the message shows the construct perl would have run.
    func error(_ message: String) -> ConfigIssue {
        var end = pos
        while end < bytes.count && end - pos < 40 && bytes[end] != UInt8(ascii: "\n") { end += 1 }
        let found = String(decoding: bytes[pos..<end], as: UTF8.self)
        let shown = found.isEmpty ? "end of file" : "'\(found)'"
        return ConfigIssue("\(message), found \(shown)", at: location)
    }
}

extension UInt8 {
    var isASCIILetter: Bool { (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A) }
    var isASCIIDigit: Bool { self >= 0x30 && self <= 0x39 }
    var isWordByte: Bool { isASCIILetter || isASCIIDigit || self == UInt8(ascii: "_") }
}
