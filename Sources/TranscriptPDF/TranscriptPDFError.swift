public enum TranscriptPDFError: Error, CustomStringConvertible, Sendable {
    /// Cairo reported an error status (its text).
    case cairo(String)

    public var description: String {
        switch self {
        case .cairo(let text): "The PDF could not be made: \(text)"
        }
    }
}
