import AsyncHTTPClient
import ChatJSON
import Foundation
import NIOCore

/// A client of the ticket system's `GenericTicketConnectorREST` web service, signed in as one user. It keeps
/// one SessionID; when Znuny answers `AuthFail` to it (expired, or deleted) it creates a new one and sends the
/// request once more. Every call has a deadline. Znuny's errors arrive as HTTP 200 with an `Error` object and
/// are thrown as `GenericInterfaceError.znuny` with its code and message.
public actor GenericInterfaceClient {
    public let configuration: GenericInterfaceConfiguration
    private let http: HTTPClient
    private var sessionID: String?

    public init(configuration: GenericInterfaceConfiguration, http: HTTPClient = .shared) {
        self.configuration = configuration
        self.http = http
    }

    /// SessionCreate for the configured user; the SessionID is kept for the following calls.
    @discardableResult
    public func createSession() async throws -> String {
        let answer = try await send(.sessionCreate, body: [
            "UserLogin": .string(configuration.userLogin), "Password": .string(configuration.password),
        ])
        guard let id = answer["SessionID"]?.giText, !id.isEmpty, id.count <= 100 else {
            throw GenericInterfaceError.badAnswer(operation: GIOperation.sessionCreate.rawValue, reason: "no SessionID")
        }
        sessionID = id
        return id
    }

    /// Sends an operation with the session: in the body for POST and PATCH, in the query for GET. An `AuthFail`
    /// on a session that was already there gets one new session and one more try (nothing was done on it).
    func authorized(_ operation: GIOperation, ticketID: Int64? = nil, query: [(String, String)] = [],
        body: [(String, JSON)] = []) async throws -> JSON
    {
        let existing = sessionID
        let session: String
        if let existing { session = existing } else { session = try await createSession() }
        do {
            return try await sendWithSession(session, operation, ticketID: ticketID, query: query, body: body)
        } catch let error as GenericInterfaceError where error.isAuthFail && existing != nil {
            if sessionID == existing { sessionID = nil }
            let fresh = try await createSession()
            return try await sendWithSession(fresh, operation, ticketID: ticketID, query: query, body: body)
        }
    }

    private func sendWithSession(_ session: String, _ operation: GIOperation, ticketID: Int64?, query: [(String, String)],
        body: [(String, JSON)]) async throws -> JSON
    {
        if operation.method == "GET" {
            return try await send(operation, ticketID: ticketID, query: [("SessionID", session)] + query)
        }
        return try await send(operation, ticketID: ticketID, body: .object([("SessionID", .string(session))] + body))
    }

    /// One HTTP exchange within the deadline; the answer's JSON, or the error it carries.
    func send(_ operation: GIOperation, ticketID: Int64? = nil, query: [(String, String)] = [], body: JSON? = nil)
        async throws -> JSON
    {
        var url = configuration.endpoint(operation.route(ticketID: ticketID))
        if !query.isEmpty { url += "?" + query.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&") }
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: operation.method)
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.body = .bytes(ByteBuffer(bytes: body.utf8))
        }
        let seconds = Double(configuration.timeout.components.seconds) + Double(configuration.timeout.components.attoseconds) / 1e18
        let deadline = NIODeadline.now() + .nanoseconds(Int64(seconds * 1e9))
        let status: Int
        let bytes: ByteBuffer
        do {
            let response = try await http.execute(request, deadline: deadline)
            status = Int(response.status.code)
            bytes = try await response.body.collect(upTo: configuration.maxAnswerBytes)
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout:
                throw GenericInterfaceError.timeout(operation: operation.rawValue, seconds: seconds)
            default:
                if NIODeadline.now() >= deadline { throw GenericInterfaceError.timeout(operation: operation.rawValue, seconds: seconds) }
                throw GenericInterfaceError.unreachable(operation: operation.rawValue, reason: String(describing: error))
            }
        } catch let error as NIOTooManyBytesError {
            throw GenericInterfaceError.badAnswer(operation: operation.rawValue, reason: "more than \(error.maxBytes ?? 0) bytes")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw GenericInterfaceError.unreachable(operation: operation.rawValue, reason: String(describing: error))
        }
        let text = String(decoding: bytes.readableBytesView, as: UTF8.self)
        guard status == 200 else { throw GenericInterfaceError.http(status: status, text: text) }
        let answer: JSON
        do { answer = try JSON.read(bytes.readableBytesView) } catch {
            throw GenericInterfaceError.badAnswer(operation: operation.rawValue, reason: error.description)
        }
        guard case .object = answer else {
            throw GenericInterfaceError.badAnswer(operation: operation.rawValue, reason: "not a JSON object")
        }
        if let failure = answer["Error"] {
            throw GenericInterfaceError.znuny(code: failure["ErrorCode"]?.giText ?? "\(operation.rawValue).Error",
                message: failure["ErrorMessage"]?.giText ?? "")
        }
        return answer
    }

    /// A query parameter as a form would send it (RFC 3986 unreserved characters kept, the rest %XX).
    static func escape(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
