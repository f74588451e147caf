/// Content-Transfer-Encodings of the parts: the text as 7bit when it is short-lined printable ASCII, else
/// quoted-printable (RFC 2045 6.7, lines of at most 76 characters); attachments as base64.
enum BodyEncoding {
    struct Encoded {
        var encoding: String
        var body: [UInt8]
    }

    static func text(_ text: String) -> Encoded {
        let lines = lines(of: text)
        let plain = lines.allSatisfy { line in
            line.count <= 998 && line.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 9 }
        }
        if plain {
            return Encoded(encoding: "7bit", body: join(lines))
        }
        return Encoded(encoding: "quoted-printable", body: join(lines.map(quotedPrintable)))
    }

    static func base64(_ data: [UInt8]) -> [UInt8] {
        Base64.encodeLines(data)
    }

    /// Lines split at CRLF, LF or a lone CR.
    static func lines(of text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 13 || byte == 10 {
                lines.append(current)
                current = []
                if byte == 13, index + 1 < bytes.count, bytes[index + 1] == 10 { index += 1 }
            } else {
                current.append(byte)
            }
            index += 1
        }
        lines.append(current)
        return lines
    }

    private static func join(_ lines: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { out += [13, 10] }
            out += line
        }
        return out
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    /// One text line as quoted-printable with soft line breaks (`=` CRLF) so no line passes 76 characters.
    static func quotedPrintable(_ line: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var length = 0
        for (index, byte) in line.enumerated() {
            let last = index == line.count - 1
            let literal = (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !last)
            let piece: [UInt8] = literal ? [byte] : [61, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            // room for the piece and a soft break's "=" (unless this is the line's last piece)
            if length + piece.count > (last ? 76 : 75) {
                out += [61, 13, 10]
                length = 0
            }
            out += piece
            length += piece.count
        }
        return out
    }
}
