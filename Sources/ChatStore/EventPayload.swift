import ChatCore
import Foundation

/// The JSON stored for an event: the shape Swift's Codable gives `ChatEventKind`, keys sorted. Messages,
/// the bulk of every log, are written by hand (Foundation's encoder costs more than the insert itself);
/// the rest go through `JSONEncoder`. Reading always uses `JSONDecoder`.
enum EventPayload {
    static func encode(_ kind: ChatEventKind) throws -> String {
        if case .message(let text, let visibility) = kind {
            var out = #"{"message":{"text":"#
            appendJSONString(text, to: &out)
            out += #","visibility":""# + visibility.rawValue + #""}}"#
            return out
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(kind), as: UTF8.self)
    }

    static func decode(_ payload: String) throws -> ChatEventKind {
        if let message = decodeMessage(payload) { return message }
        return try JSONDecoder().decode(ChatEventKind.self, from: Data(payload.utf8))
    }

    /// The exact shape `encode` writes for messages, read by hand; anything else returns nil and goes
    /// through `JSONDecoder`.
    static func decodeMessage(_ payload: String) -> ChatEventKind? {
        var utf8 = payload.utf8[...]
        let prefix = #"{"message":{"text":""#.utf8
        guard utf8.starts(with: prefix) else { return nil }
        utf8 = utf8.dropFirst(prefix.count)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "\\"):
                guard let escaped = iterator.next() else { return nil }
                switch escaped {
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "/"): bytes.append(escaped)
                default: return nil  // \u escapes: leave them to JSONDecoder
                }
            case UInt8(ascii: "\""):
                let rest = String(decoding: Array(IteratorSequence(iterator)), as: UTF8.self)
                let visibility: MessageVisibility
                switch rest {
                case #","visibility":"everyone"}}"#: visibility = .everyone
                case #","visibility":"agents"}}"#: visibility = .agents
                default: return nil
                }
                return .message(text: String(decoding: bytes, as: UTF8.self), visibility: visibility)
            default:
                bytes.append(byte)
            }
        }
        return nil
    }

    static func appendJSONString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
