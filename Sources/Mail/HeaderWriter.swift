/// Header fields with folding: words go on one line up to 76 characters, then the space before the next word
/// becomes CRLF + space (so unfolding gives back the same text). Non-ASCII text becomes RFC 2047 encoded words
/// (`=?UTF-8?B?…?=`, each at most 75 characters, never splitting a UTF-8 sequence).
struct HeaderWriter {
    private(set) var bytes: [UInt8] = []
    private var line = ""

    static let foldAt = 76
    /// Longer than this and a word is not written as ASCII but as encoded words (which can be split).
    static let longestWord = 900

    /// A value of our own making (printable ASCII), folded at its spaces.
    mutating func field(_ name: String, _ value: String) {
        words(name, value.split(separator: " ", omittingEmptySubsequences: false).map(String.init))
    }

    /// Free text (Subject, extra headers): as is when printable ASCII, else encoded words.
    mutating func unstructuredField(_ name: String, _ value: String) {
        let words = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if Self.isPlainText(value) && words.allSatisfy({ $0.utf8.count <= Self.longestWord }) {
            self.words(name, words)
        } else {
            start(name)
            encoded(value)
            end()
        }
    }

    /// `Name <address>, …` with display names as atoms, a quoted string, or encoded words.
    mutating func addressField(_ name: String, _ addresses: [MailAddress]) {
        start(name)
        for (index, address) in addresses.enumerated() {
            let separator = index < addresses.count - 1 ? "," : ""
            if address.name.isEmpty {
                word(address.address + separator)
                continue
            }
            if let phrase = Self.asciiPhrase(address.name) {
                for part in phrase { word(part) }
            } else {
                encoded(address.name)
            }
            word("<\(address.address)>" + separator)
        }
        end()
    }

    /// `Name: value; p1; p2` with a fold possible before each parameter.
    mutating func parameterField(_ name: String, _ value: String, _ parameters: [String]) {
        start(name)
        word(parameters.isEmpty ? value : value + ";")
        for (index, parameter) in parameters.enumerated() {
            word(index < parameters.count - 1 ? parameter + ";" : parameter)
        }
        end()
    }

    // MARK: - lines

    private mutating func words(_ name: String, _ words: [String]) {
        start(name)
        for word in words { self.word(word) }
        end()
    }

    private mutating func start(_ name: String) {
        line = name + ":"
    }

    private mutating func end() {
        bytes += Array(line.utf8) + [13, 10]
        line = ""
    }

    /// Appends ` word`, folding first when the line would grow past 76 (and holds more than a space already).
    private mutating func word(_ word: String) {
        if line.utf8.count + 1 + word.utf8.count > Self.foldAt && line.utf8.count > 1 && !line.hasSuffix(":") {
            bytes += Array(line.utf8) + [13, 10]
            line = ""
        }
        line += " " + word
    }

    /// RFC 2047 B-encoded words filling the room left on each line (at most 75 characters each).
    private mutating func encoded(_ text: String) {
        let prefix = "=?UTF-8?B?", suffix = "?="
        var scalars = Array(text.unicodeScalars)[...]
        while !scalars.isEmpty {
            var room = min(75, Self.foldAt - line.utf8.count - 1)
            if room < 20 {  // not even one 4-byte character: next line
                bytes += Array(line.utf8) + [13, 10]
                line = ""
                room = 75
            }
            let capacity = (room - prefix.count - suffix.count) / 4 * 3
            var chunk: [UInt8] = []
            while let scalar = scalars.first {
                let utf8 = Array(String(scalar).utf8)
                if chunk.count + utf8.count > capacity { break }
                chunk += utf8
                scalars = scalars.dropFirst()
            }
            line += " " + prefix + Base64.encode(chunk) + suffix
        }
        if text.isEmpty { line += " " }
    }

    // MARK: - classification

    /// Printable ASCII and tabs, and nothing a reader would take for an encoded word.
    static func isPlainText(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { ($0.value >= 0x20 && $0.value < 0x7F) || $0 == "\t" } && !text.contains("=?")
    }

    /// An ASCII display name as words: atoms when it has only atext, else one quoted string; nil when it needs
    /// encoded words.
    static func asciiPhrase(_ name: String) -> [String]? {
        guard isPlainText(name), !name.contains("\t"), name.utf8.count <= longestWord else { return nil }
        let atext = "!#$%&'*+-/=?^_`{|}~"
        let atoms = name.split(separator: " ", omittingEmptySubsequences: false)
        if atoms.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || atext.unicodeScalars.contains($0) } }) {
            return atoms.map(String.init)
        }
        var quoted = "\""
        for character in name {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return [quoted + "\""]
    }
}
