import Foundation

enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// Lines of 76 characters joined by CRLF, as MIME bodies want them (RFC 2045 6.8).
    static func encodeLines(_ bytes: [UInt8]) -> [UInt8] {
        let text = Array(Data(bytes).base64EncodedString().utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.count + text.count / 76 * 2)
        var start = 0
        while start < text.count {
            let end = min(start + 76, text.count)
            if start > 0 { out += [13, 10] }
            out += text[start..<end]
            start = end
        }
        return out
    }
}
