/// A file name as an RFC 2231 parameter (`filename*=UTF-8''…`, continued as `filename*0*=…; filename*1*=…` when
/// long, never splitting a UTF-8 sequence) and as a plain ASCII fallback for readers without RFC 2231.
enum FileNameEncoding {
    /// attribute-char of RFC 2231: everything else is %-encoded
    private static let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8)
    private static let hex = Array("0123456789ABCDEF".utf8)
    static let segment = 60

    static func rfc2231(_ name: String, _ value: String) -> [String] {
        var pieces: [String] = []  // one per Unicode scalar, so a split never cuts a sequence
        for scalar in value.unicodeScalars {
            var piece = ""
            for byte in String(scalar).utf8 {
                if safe.contains(byte) {
                    piece.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    piece += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
                }
            }
            pieces.append(piece)
        }
        let whole = pieces.joined()
        if whole.utf8.count <= segment {
            return ["\(name)*=UTF-8''\(whole)"]
        }
        var segments: [String] = []
        var current = ""
        for piece in pieces {
            if !current.isEmpty && current.utf8.count + piece.utf8.count > segment {
                segments.append(current)
                current = ""
            }
            current += piece
        }
        segments.append(current)
        return segments.enumerated().map { index, segment in
            index == 0 ? "\(name)*0*=UTF-8''\(segment)" : "\(name)*\(index)*=\(segment)"
        }
    }

    /// Printable ASCII with `"`, `\` and everything else replaced by `_`, for the quoted `filename=` and `name=`.
    static func asciiFallback(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars.prefix(200) {
            let keep = scalar.value >= 0x20 && scalar.value < 0x7F && scalar != "\"" && scalar != "\\"
            out.unicodeScalars.append(keep ? scalar : "_")
        }
        return out.isEmpty ? "attachment" : out
    }
}
