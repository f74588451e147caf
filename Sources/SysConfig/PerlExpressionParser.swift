/// Values and `$Self->{...}` paths: strings, numbers, undef, array and hash references.
extension PerlScanner {
    /// The subscripts after `$Self` (already consumed). Inside a string no space may come between them.
    mutating func selfSubscripts(inString: Bool = false) throws(ConfigIssue) -> PerlSelfPath {
        var subscripts: [PerlSubscript] = []
        while true {
            var probe = self
            if !inString { probe.skipSpace() }
            if probe.peek() == UInt8(ascii: "-") && probe.peek(1) == UInt8(ascii: ">") {
                probe.pos += 2
                if !inString { probe.skipSpace() }
            } else if subscripts.isEmpty {
                throw error("expected '->' after $Self")
            }
            guard let open = probe.peek(), open == UInt8(ascii: "{") || open == UInt8(ascii: "[") else {
                if subscripts.isEmpty { throw probe.error("expected a subscript {...} after $Self->") }
                return PerlSelfPath(subscripts: subscripts)
            }
            self = probe
            advance()
            guard subscripts.count < Self.maxNesting else { throw error("more than \(Self.maxNesting) subscripts") }
            if open == UInt8(ascii: "{") {
                subscripts.append(.key(try hashKey()))
                try expect("}", "'}' closing the hash subscript")
            } else {
                subscripts.append(.index(try arrayIndex()))
                try expect("]", "']' closing the array subscript")
            }
        }
    }

    /// Inside `{...}`: a bareword or `-bareword` is a string; otherwise any value expression.
    private mutating func hashKey() throws(ConfigIssue) -> PerlExpression {
        skipSpace()
        var probe = self
        let minus = probe.consume("-")
        if let word = probe.word(), !(word.first?.isNumber ?? false) {
            var after = probe
            after.skipSpace()
            if after.peek() == UInt8(ascii: "}") {
                self = probe
                return .literal((minus ? "-" : "") + word)
            }
        }
        return try expression()
    }

    private mutating func arrayIndex() throws(ConfigIssue) -> Int {
        skipSpace()
        let start = pos
        while let c = peek(), c.isASCIIDigit { advance() }
        guard pos > start, let index = Int(String(decoding: bytes[start..<pos], as: UTF8.self)) else {
            throw error("an array subscript must be a non-negative whole number")
        }
        guard index <= Self.maxArrayIndex else { throw error("an array subscript above \(Self.maxArrayIndex)") }
        return index
    }

    /// One value.
    mutating func expression() throws(ConfigIssue) -> PerlExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxNesting else { throw error("values nested deeper than \(Self.maxNesting) levels") }
        skipSpace()
        guard let c = peek() else { throw error("expected a value") }
        switch c {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            let quoted = try delimitedBody()
            if c == UInt8(ascii: "'") {
                return .literal(Self.singleQuoted(quoted.body, open: quoted.open, close: quoted.close))
            }
            return .string(try doubleQuoted(quoted.body, line: quoted.line, open: quoted.open, close: quoted.close))
        case UInt8(ascii: "["):
            advance()
            return .arrayRef(try list(until: "]"))
        case UInt8(ascii: "{"):
            advance()
            return .hashRef(try list(until: "}"))
        case UInt8(ascii: "$"):
            guard consume("$Self") else { throw error("only $Self can be used in a config file") }
            return .selfValue(try selfSubscripts())
        case UInt8(ascii: "-"), UInt8(ascii: "+"):
            advance()
            skipSpace()
            if let next = peek(), next.isASCIIDigit || next == UInt8(ascii: ".") {
                return .literal(try number(negated: c == UInt8(ascii: "-")))
            }
            if c == UInt8(ascii: "-"), let word = word(), !(word.first?.isNumber ?? true) {
                return .literal("-" + word)  // perl's -bareword is the string "-bareword"
            }
            throw error("unsupported use of '\(Character(UnicodeScalar(c)))'")
        default:
            if c.isASCIIDigit || (c == UInt8(ascii: ".") && (peek(1)?.isASCIIDigit ?? false)) {
                return .literal(try number(negated: false))
            }
            return try bareword()
        }
    }

    /// `undef`, `q()`, `qq()`, `qw()`, or a word before `=>`; any other word would be a function call.
    private mutating func bareword() throws(ConfigIssue) -> PerlExpression {
        let before = self
        guard let word = word() else { throw error("unsupported construct") }
        if fatCommaFollows() { return .literal(word) }
        switch word {
        case "undef":
            var probe = self
            if probe.consume("("), probe.consume(")") { self = probe }
            return .undef
        case "q", "qq", "qw":
            skipSpace()
            guard let open = peek(), !open.isWordByte, open != UInt8(ascii: " ") else {
                throw error("expected a delimiter after \(word)")
            }
            let quoted = try delimitedBody()
            switch word {
            case "q": return .literal(Self.singleQuoted(quoted.body, open: quoted.open, close: quoted.close))
            case "qw": return .words(Self.words(quoted.body, open: quoted.open, close: quoted.close))
            default:
                return .string(try doubleQuoted(quoted.body, line: quoted.line, open: quoted.open, close: quoted.close))
            }
        default:
            throw before.error("unsupported construct (a function call or bareword '\(word)')")
        }
    }

    /// Comma-separated values up to the closing bracket; `=>` counts as a comma, trailing commas are fine.
    private mutating func list(until close: String) throws(ConfigIssue) -> [PerlExpression] {
        var items: [PerlExpression] = []
        while true {
            if consume(close) { return items }
            if consume(",") || consume("=>") { continue }
            if atEnd { throw error("expected '\(close)'") }
            items.append(try expression())
            skipSpace()
            if !(consume(",") || consume("=>")) {
                try expect(close, "',' or '\(close)'")
                return items
            }
        }
    }

    /// A numeric literal, returned in perl's string form.
    private mutating func number(negated: Bool) throws(ConfigIssue) -> String {
        let start = pos
        let isRadix = peek() == UInt8(ascii: "0") && [UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "b"),
            UInt8(ascii: "B"), UInt8(ascii: "o"), UInt8(ascii: "O")].contains(peek(1) ?? 0)
        if isRadix {
            pos += 2
            while let c = peek(), c.isHexDigitByte || c == UInt8(ascii: "_") { pos += 1 }
        } else {
            while let c = peek(), c.isASCIIDigit || c == UInt8(ascii: "_") { pos += 1 }
            if peek() == UInt8(ascii: "."), peek(1) != UInt8(ascii: ".") {
                pos += 1
                while let c = peek(), c.isASCIIDigit || c == UInt8(ascii: "_") { pos += 1 }
            }
            if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
                var probe = pos + 1
                if probe < bytes.count, bytes[probe] == UInt8(ascii: "+") || bytes[probe] == UInt8(ascii: "-") { probe += 1 }
                if probe < bytes.count, bytes[probe].isASCIIDigit {
                    pos = probe
                    while let c = peek(), c.isASCIIDigit || c == UInt8(ascii: "_") { pos += 1 }
                }
            }
        }
        let literal = String(decoding: bytes[start..<pos], as: UTF8.self)
        if let c = peek(), c.isWordByte {
            pos = start
            throw error("malformed number")
        }
        guard let form = PerlNumber.stringForm(of: literal, negated: negated) else {
            pos = start
            throw error("malformed number")
        }
        return form
    }
}
