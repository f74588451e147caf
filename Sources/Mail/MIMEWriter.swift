import Foundation

/// Renders a `MailMessage` as RFC 5322 / MIME bytes with CRLF line ends: UTF-8 headers as RFC 2047 encoded
/// words, the text as a text/plain; charset=utf-8 part, each attachment base64 with an RFC 2231 file name, every
/// line within 998 octets. Pure: the same message gives the same bytes (the boundary comes from the Message-ID).
public enum MIMEWriter {
    public static func render(_ message: MailMessage) -> [UInt8] {
        var out = HeaderWriter()
        out.field("Date", MIMEDate.rfc5322(message.date))
        out.addressField("From", [message.from])
        out.addressField("To", message.to)
        out.unstructuredField("Subject", message.subject)
        out.field("Message-ID", "<\(message.messageID)>")
        for header in message.extraHeaders {
            out.unstructuredField(header.name, header.value)
        }
        out.field("MIME-Version", "1.0")
        let text = BodyEncoding.text(message.textBody)
        guard !message.attachments.isEmpty else {
            out.field("Content-Type", "text/plain; charset=utf-8")
            out.field("Content-Transfer-Encoding", text.encoding)
            return out.bytes + crlf + text.body
        }
        let boundary = boundary(for: message, text: text.body)
        out.field("Content-Type", "multipart/mixed; boundary=\"\(boundary)\"")
        var bytes = out.bytes + crlf
        bytes += Array("This is a multipart message in MIME format.".utf8) + crlf
        bytes += Array("--\(boundary)".utf8) + crlf
        bytes += Array("Content-Type: text/plain; charset=utf-8".utf8) + crlf
        bytes += Array("Content-Transfer-Encoding: \(text.encoding)".utf8) + crlf + crlf
        bytes += text.body + crlf
        for attachment in message.attachments {
            bytes += Array("--\(boundary)".utf8) + crlf
            var part = HeaderWriter()
            let fallback = FileNameEncoding.asciiFallback(attachment.filename)
            part.field("Content-Type", "\(safeContentType(attachment.contentType)); name=\"\(fallback)\"")
            part.field("Content-Transfer-Encoding", "base64")
            part.parameterField("Content-Disposition", "attachment",
                                FileNameEncoding.rfc2231("filename", attachment.filename) + ["filename=\"\(fallback)\""])
            bytes += part.bytes + crlf
            bytes += BodyEncoding.base64(attachment.data) + crlf
        }
        bytes += Array("--\(boundary)--".utf8) + crlf
        return bytes
    }

    static let crlf: [UInt8] = [13, 10]

    /// `type/subtype` of printable ASCII without parameters, else application/octet-stream.
    static func safeContentType(_ type: String) -> String {
        let parts = type.split(separator: "/", omittingEmptySubsequences: false)
        let token = { (part: Substring) in
            !part.isEmpty && part.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "!#$&-^_.+".unicodeScalars.contains($0))
            }
        }
        return parts.count == 2 && token(parts[0]) && token(parts[1]) ? type.lowercased() : "application/octet-stream"
    }

    /// Derived from the Message-ID, and made longer until it occurs in no part (only the 7bit text could hold it:
    /// base64 and quoted-printable never write "=_").
    static func boundary(for message: MailMessage, text: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in message.messageID.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        var boundary = "=_ChatEngine_" + String(hash, radix: 16)
        let body = String(decoding: text, as: UTF8.self)
        while body.contains(boundary) { boundary += "_" }
        return boundary
    }
}
