import Foundation

/// OTRS-style request parameters: the query and a form body, pairs separated by `;` or `&`. The first
/// value of a name wins; the body is read after the query, so `Action` in the URL is the one used.
public struct FormParameters: Sendable {
    public private(set) var values: [String: String] = [:]

    public init(query: String?, body: String?) {
        for source in [query, body] {
            guard let source, !source.isEmpty else { continue }
            for pair in source.split(whereSeparator: { $0 == ";" || $0 == "&" }) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = Self.decode(String(parts[0]))
                guard !name.isEmpty, values[name] == nil else { continue }
                values[name] = parts.count > 1 ? Self.decode(String(parts[1])) : ""
            }
        }
    }

    public init(_ values: [String: String]) {
        self.values = values
    }

    public subscript(name: String) -> String? { values[name] }

    static func decode(_ text: String) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
