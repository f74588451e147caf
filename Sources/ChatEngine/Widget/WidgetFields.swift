import Foundation

/// The free fields a host page passes to the widget (`pdata`, `udata`): checked and bounded before they are
/// stored, and written for agents as one readable note.
public struct WidgetFields: Sendable, Equatable {
    public static let maxFields = 20
    public static let maxKeyLength = 40
    public static let maxValueLength = 500

    public var pdata: [(key: String, value: String)]
    public var udata: [(key: String, value: String)]

    public static func == (a: WidgetFields, b: WidgetFields) -> Bool {
        a.pdata.map(\.key) == b.pdata.map(\.key) && a.pdata.map(\.value) == b.pdata.map(\.value)
            && a.udata.map(\.key) == b.udata.map(\.key) && a.udata.map(\.value) == b.udata.map(\.value)
    }

    public init(pdata: [(key: String, value: String)] = [], udata: [(key: String, value: String)] = []) throws(WidgetError) {
        let all = pdata + udata
        guard all.count <= Self.maxFields else {
            throw .badFields("at most \(Self.maxFields) fields in pdata and udata together, not \(all.count)")
        }
        for (key, value) in all {
            guard !key.isEmpty, key.count <= Self.maxKeyLength,
                key.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_.-".unicodeScalars.contains($0)) })
            else { throw .badFields("the field name '\(key.prefix(60))' must be 1 to \(Self.maxKeyLength) of A-Z a-z 0-9 _ . -") }
            guard value.count <= Self.maxValueLength else {
                throw .badFields("the field '\(key)' is longer than \(Self.maxValueLength) characters")
            }
        }
        self.pdata = pdata
        self.udata = udata
    }

    public var isEmpty: Bool { pdata.isEmpty && udata.isEmpty }

    /// What agents read in the chat: where the visitor came from and what the site said about them.
    func note(hostOrigin: String) -> String {
        var lines = ["Website: \(hostOrigin)"]
        for (key, value) in pdata + udata where !value.isEmpty { lines.append("\(key): \(value)") }
        return lines.joined(separator: "\n")
    }

    /// As stored: `{"pdata":{…},"udata":{…}}` (key order kept).
    var json: String {
        func object(_ pairs: [(key: String, value: String)]) -> String {
            "{" + pairs.map { Self.quoted($0.key) + ":" + Self.quoted($0.value) }.joined(separator: ",") + "}"
        }
        return "{\"pdata\":\(object(pdata)),\"udata\":\(object(udata))}"
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

/// Refusals of the widget's use cases, each saying what was refused and why.
public enum WidgetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The site is not in `ChatEngine::PublicInterface::AllowedOrigins`.
    case originNotAllowed(String)
    /// The visitor's chat was started on another site: their token does not work here.
    case boundToOtherSite(String)
    case badFields(String)
    case notYourChat

    public var code: String {
        switch self {
        case .originNotAllowed, .boundToOtherSite: "OriginNotAllowed"
        case .badFields: "BadRequest"
        case .notYourChat: "NotPermitted"
        }
    }

    public var description: String {
        switch self {
        case .originNotAllowed(let origin):
            "The chat is not offered on \(origin): it is not in ChatEngine::PublicInterface::AllowedOrigins."
        case .boundToOtherSite(let origin):
            "This chat was started on another website; it cannot be continued on \(origin)."
        case .badFields(let why): "Bad visitor data: \(why)."
        case .notYourChat: "This chat was not started with this visitor token."
        }
    }
}
