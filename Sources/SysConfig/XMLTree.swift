import CLibXML2

/// A small element tree read with libxml2's streaming reader. SysConfig files are at most a few MB, so
/// holding one file's tree is cheap, and interpreting a tree is far clearer than a callback machine.
struct XMLElement: Sendable {
    var name: String
    var attributes: [String: String]
    var children: [XMLElement] = []
    /// The element's own character data (text and CDATA, joined), without its children's.
    var text: String = ""
    var line: Int

    /// No child elements and no text: `<Item></Item>` or `<Item/>`.
    var isEmpty: Bool { children.isEmpty && text.isEmpty }

    func attribute(_ name: String) -> String? { attributes[name] }

    func children(named name: String) -> [XMLElement] {
        children.filter { $0.name == name }
    }

    func firstChild(named name: String) -> XMLElement? {
        children.first { $0.name == name }
    }
}

enum XMLTreeReader {
    /// Reads a whole file into a tree; a malformed file is one issue naming file and line.
    /// Far above any SysConfig file (their values nest a few levels).
    static let maxDepth = 200

    static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue)

    static func read(path: String, displayName: String) throws(ConfigIssue) -> XMLElement {
        guard let reader = xmlReaderForFile(path, nil, options) else {
            throw ConfigIssue("cannot open the file", at: SourceLocation(file: displayName, line: 0))
        }
        defer { xmlFreeTextReader(reader) }
        return try read(reader, displayName: displayName)
    }

    /// The same from memory: what the property tests and the fuzzer feed.
    static func read(bytes: [UInt8], displayName: String) throws(ConfigIssue) -> XMLElement {
        let reader = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    xmlReaderForMemory($0, Int32(buffer.count), displayName, nil, options)
                }
            } ?? nil
        }
        guard let reader else {
            throw ConfigIssue("no XML root element", at: SourceLocation(file: displayName, line: 1))
        }
        defer { xmlFreeTextReader(reader) }
        return try read(reader, displayName: displayName)
    }

    private static func read(_ reader: xmlTextReaderPtr, displayName: String) throws(ConfigIssue) -> XMLElement {
        xmlResetLastError()

        var stack: [XMLElement] = []
        var root: XMLElement?
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            if status < 0 { throw lastError(displayName, reader) }
            let line = Int(xmlTextReaderGetParserLineNumber(reader))
            switch xmlTextReaderNodeType(reader) {
            case 1:  // element start
                let element = XMLElement(
                    name: string(xmlTextReaderConstLocalName(reader)),
                    attributes: attributes(reader),
                    line: line
                )
                if xmlTextReaderIsEmptyElement(reader) == 1 {
                    append(element, to: &stack, root: &root)
                } else {
                    // a hostile file must not nest deep enough to overflow the stack of whatever walks the tree
                    guard stack.count < maxDepth else {
                        throw ConfigIssue("elements nested deeper than \(maxDepth) levels",
                            at: SourceLocation(file: displayName, line: line))
                    }
                    stack.append(element)
                }
            case 15:  // element end
                if let done = stack.popLast() { append(done, to: &stack, root: &root) }
            case 3, 4, 13, 14:  // text, CDATA, whitespace, significant whitespace
                if !stack.isEmpty { stack[stack.count - 1].text += string(xmlTextReaderConstValue(reader)) }
            default:
                break
            }
        }
        guard let root else {
            throw ConfigIssue("no XML root element", at: SourceLocation(file: displayName, line: 1))
        }
        return root
    }

    private static func append(_ element: XMLElement, to stack: inout [XMLElement], root: inout XMLElement?) {
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    private static func attributes(_ reader: xmlTextReaderPtr) -> [String: String] {
        var result: [String: String] = [:]
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            result[string(xmlTextReaderConstLocalName(reader))] = string(xmlTextReaderConstValue(reader))
        }
        xmlTextReaderMoveToElement(reader)
        return result
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    private static func lastError(_ displayName: String, _ reader: xmlTextReaderPtr) -> ConfigIssue {
        if let error = xmlGetLastError() {
            let message = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
            return ConfigIssue(
                "malformed XML: " + message.trimmingTrailingNewlines(),
                at: SourceLocation(file: displayName, line: Int(error.pointee.line))
            )
        }
        let line = Int(xmlTextReaderGetParserLineNumber(reader))
        return ConfigIssue("malformed XML", at: SourceLocation(file: displayName, line: line))
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.last == "\n" || s.last == "\r" { s.removeLast() }
        return s
    }
}
