import Foundation

/// Perl's quoting: '...', "...", q(), qq(), qw() with any delimiters, escapes and `$Self->{X}` interpolation.
extension PerlScanner {
    static let closing: [UInt8: UInt8] = [
        UInt8(ascii: "("): UInt8(ascii: ")"), UInt8(ascii: "["): UInt8(ascii: "]"),
        UInt8(ascii: "{"): UInt8(ascii: "}"), UInt8(ascii: "<"): UInt8(ascii: ">"),
    ]

    /// Reads from an opening delimiter to its match (bracket pairs nest, backslash escapes anything) and
    /// returns the raw body with the line it starts on.
    mutating func delimitedBody() throws(ConfigIssue) -> (body: ArraySlice<UInt8>, line: Int, open: UInt8, close: UInt8) {
        let startLocation = location
        let open = bytes[pos]
        let close = Self.closing[open] ?? open
        advance()
        let start = pos
        let startLine = line
        var depth = 0
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: "\\") && pos + 1 < bytes.count {
                advance()
                advance()
                continue
            }
            if c == close && open != close && depth > 0 {
                depth -= 1
            } else if c == close {
                let body = bytes[start..<pos]
                advance()
                return (body, startLine, open, close)
            } else if c == open && open != close {
                depth += 1
            }
            advance()
        }
        throw ConfigIssue("string not terminated (it starts here)", at: startLocation)
    }

    /// `'...'` and `q(...)`: only a backslash before the delimiter or another backslash is special.
    static func singleQuoted(_ body: ArraySlice<UInt8>, open: UInt8, close: UInt8) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var i = body.startIndex
        while i < body.endIndex {
            let c = body[i]
            if c == UInt8(ascii: "\\"), i + 1 < body.endIndex {
                let next = body[i + 1]
                if next == UInt8(ascii: "\\") || next == open || next == close {
                    out.append(next)
                    i += 2
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `qw(...)`: the words of the body.
    static func words(_ body: ArraySlice<UInt8>, open: UInt8, close: UInt8) -> [String] {
        singleQuoted(body, open: open, close: close)
            .split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).map(String.init)
    }

    /// `"..."` and `qq(...)`: escapes, and `$Self->{...}` interpolation; any other `$` or `@` variable is
    /// an error, since a config file cannot have defined it (perl under strict would refuse it too).
    func doubleQuoted(_ body: ArraySlice<UInt8>, line: Int, open: UInt8, close: UInt8) throws(ConfigIssue) -> [PerlStringPart] {
        var inner = PerlScanner(bytes: Array(body), file: file, line: line)
        return try inner.interpolatingString(open: open, close: close)
    }

    private mutating func interpolatingString(open: UInt8, close: UInt8) throws(ConfigIssue) -> [PerlStringPart] {
        var parts: [PerlStringPart] = []
        var text: [UInt8] = []
        func flush() {
            if !text.isEmpty { parts.append(.literal(String(decoding: text, as: UTF8.self))) }
            text.removeAll()
        }
        while let c = peek() {
            switch c {
            case UInt8(ascii: "\\"):
                advance()
                guard peek() != nil else { throw error("backslash at the end of a string") }
                try escape(into: &text, open: open, close: close)
            case UInt8(ascii: "$"):
                guard consumeExact("$Self"), peek() == UInt8(ascii: "-") || peek() == UInt8(ascii: "{") else {
                    throw error("a '$' in a double-quoted string must be written \\$ or be $Self->{...}")
                }
                flush()
                parts.append(.interpolated(try selfSubscripts(inString: true)))
            case UInt8(ascii: "@"):
                if let next = peek(1), next.isASCIILetter || next == UInt8(ascii: "_") || next == UInt8(ascii: "{")
                    || next == UInt8(ascii: "$") || next == UInt8(ascii: ":") || next == UInt8(ascii: "-")
                    || next == UInt8(ascii: "+")
                {
                    throw error("'@' followed by a name interpolates an array in a double-quoted string; write \\@")
                }
                text.append(c)
                advance()
            default:
                text.append(c)
                advance()
            }
        }
        flush()
        return parts
    }

    private mutating func consumeExact(_ s: String) -> Bool {
        let utf8 = Array(s.utf8)
        guard bytes.count - pos >= utf8.count, bytes[pos..<pos + utf8.count].elementsEqual(utf8) else { return false }
        if let after = peek(utf8.count), after.isWordByte { return false }
        pos += utf8.count
        return true
    }

    /// One escape after a backslash, as perl reads it inside double quotes.
    private mutating func escape(into text: inout [UInt8], open: UInt8, close: UInt8) throws(ConfigIssue) {
        let c = bytes[pos]
        advance()
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "n"): 0x0A, UInt8(ascii: "t"): 0x09, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "f"): 0x0C,
            UInt8(ascii: "b"): 0x08, UInt8(ascii: "a"): 0x07, UInt8(ascii: "e"): 0x1B,
        ]
        if let byte = simple[c] {
            text.append(byte)
            return
        }
        switch c {
        case UInt8(ascii: "x"):
            if peek() == UInt8(ascii: "{") {
                try appendScalar(hex: try braced("\\x{...}"), into: &text)
            } else {
                var digits = ""
                while digits.count < 2, let d = peek(), d.isHexDigitByte {
                    digits.append(Character(UnicodeScalar(d)))
                    advance()
                }
                try appendScalar(hex: digits.isEmpty ? "0" : digits, into: &text)
            }
        case UInt8(ascii: "N"):
            let name = try braced("\\N{U+...}")
            guard name.hasPrefix("U+") else { throw error("only \\N{U+hex} escapes are supported, not named characters") }
            try appendScalar(hex: String(name.dropFirst(2)), into: &text)
        case UInt8(ascii: "o") where peek() == UInt8(ascii: "{"):
            try appendScalar(UInt32(try braced("\\o{...}"), radix: 8), into: &text)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var digits = String(UnicodeScalar(c))
            while digits.count < 3, let d = peek(), d >= UInt8(ascii: "0"), d <= UInt8(ascii: "7") {
                digits.append(Character(UnicodeScalar(d)))
                advance()
            }
            try appendScalar(UInt32(digits, radix: 8), into: &text)
        case UInt8(ascii: "c"):
            guard let d = peek() else { throw error("\\c at the end of a string") }
            advance()
            let upper = d >= UInt8(ascii: "a") && d <= UInt8(ascii: "z") ? d - 32 : d
            try appendScalar(UInt32(upper ^ 64), into: &text)
        case UInt8(ascii: "U"), UInt8(ascii: "L"), UInt8(ascii: "u"), UInt8(ascii: "l"), UInt8(ascii: "Q"),
            UInt8(ascii: "E"), UInt8(ascii: "F"):
            pos -= 2
            throw error("case-changing escapes (\\U, \\L, \\u, \\l, \\Q, \\E, \\F) are not supported")
        default:
            // Any other escaped character stands for itself (\\, \", \$, \@, the delimiters, ...).
            text.append(c)
            copyRestOfScalar(startingWith: c, into: &text)
        }
    }

    /// After an escaped lead byte of a multi-byte character, the continuation bytes follow unchanged.
    private mutating func copyRestOfScalar(startingWith lead: UInt8, into text: inout [UInt8]) {
        guard lead >= 0xC0 else { return }
        while let next = peek(), next & 0xC0 == 0x80 {
            text.append(next)
            advance()
        }
    }

    private mutating func braced(_ what: String) throws(ConfigIssue) -> String {
        advance()  // {
        let start = pos
        while let c = peek(), c != UInt8(ascii: "}") { advance() }
        guard peek() == UInt8(ascii: "}") else { throw error("unterminated \(what)") }
        let inside = String(decoding: bytes[start..<pos], as: UTF8.self).trimmingCharacters(in: " ")
        advance()
        return inside
    }

    private func appendScalar(hex: String, into text: inout [UInt8]) throws(ConfigIssue) {
        try appendScalar(UInt32(hex.replacingOccurrences(of: "_", with: ""), radix: 16), into: &text)
    }

    private func appendScalar(_ value: UInt32?, into text: inout [UInt8]) throws(ConfigIssue) {
        guard let value, let scalar = UnicodeScalar(value) else { throw error("escape names no Unicode character") }
        text.append(contentsOf: Array(String(Character(scalar)).utf8))
    }
}

extension UInt8 {
    var isHexDigitByte: Bool {
        isASCIIDigit || (self >= 0x41 && self <= 0x46) || (self >= 0x61 && self <= 0x66)
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
