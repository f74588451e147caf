import ChatCore
import Foundation
import Hummingbird

/// A ticket attachment as a download (`Subaction=Attachment;FileID=` of AgentTicketZoom and CustomerTicketZoom):
/// always `attachment` with an RFC 6266 file name (RFC 5987 for non-ASCII), the stored content type only when a
/// browser cannot run it, never sniffed, and sandboxed should a browser render it anyway.
enum AttachmentDownload {
    static func response(_ attachment: TicketAttachment) -> Response {
        var headers = PageRenderer.securityHeaders(framable: false)
        headers[.contentSecurityPolicy] = "default-src 'none'; sandbox"
        headers[.contentType] = contentType(attachment.contentType)
        headers[.contentDisposition] = disposition(attachment.filename)
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: attachment.content)))
    }

    /// Types a browser shows or hands to a viewer without running script in our origin; anything else
    /// (HTML, SVG, XML, JavaScript, unknown) goes out as `application/octet-stream`.
    static let harmless: Set<String> = [
        "text/plain", "text/csv", "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "application/pdf",
        "application/zip", "application/gzip", "application/x-gzip", "application/x-tar", "application/x-7z-compressed",
        "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint", "application/rtf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation", "audio/mpeg", "audio/ogg", "audio/wav", "video/mp4",
        "video/webm", "message/rfc822",
    ]

    /// The stored type without parameters, when harmless; text keeps a well-formed charset.
    static func contentType(_ stored: String) -> String {
        let parts = stored.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        let type = (parts.first ?? "").lowercased()
        guard harmless.contains(type) else { return "application/octet-stream" }
        guard type.hasPrefix("text/") else { return type }
        let charset = parts.dropFirst().compactMap { parameter -> String? in
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "charset" else { return nil }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased()
            return value.count <= 40 && value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) })
                ? value : nil
        }.first
        return "\(type); charset=\(charset ?? "utf-8")"
    }

    /// `attachment; filename="report_2026.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9.pdf`: the quoted name is
    /// ASCII without quotes, backslashes or controls; the extended one keeps every character, percent-encoded.
    static func disposition(_ stored: String) -> String {
        let name = displayName(stored)
        let fallback = String(name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && scalar.value >= 0x20 && scalar.value != 0x7F && scalar != "\"" && scalar != "\\"
                ? Character(scalar) : "_"
        })
        var disposition = "attachment; filename=\"\(fallback)\""
        if fallback != name || name.contains("%") {
            let encoded = name.utf8.map { byte -> String in
                Self.attributeChars.contains(byte) ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
            }.joined()
            disposition += "; filename*=UTF-8''\(encoded)"
        }
        return disposition
    }

    /// The file's own name: no folders, no controls, not empty, at most 200 characters.
    static func displayName(_ stored: String) -> String {
        let base = stored.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(base.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        let name = clean.isEmpty || clean == "." || clean == ".." ? "attachment" : clean
        return String(name.prefix(200))
    }

    /// RFC 5987's `attr-char`: what goes unencoded in `filename*`.
    static let attributeChars: Set<UInt8> = Set(
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8))
}
