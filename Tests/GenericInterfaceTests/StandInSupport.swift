@testable import GenericInterfaceStandIn
import GenericInterface
import Testing

/// A stand-in and a client signed in as `login` (the seeded service user `chatbot` unless told).
func withStandIn(_ database: ZnunyModel.Database = .postgres, login: String = "chatbot", password: String = "BotPw123",
    timeout: Duration = .seconds(10), _ body: (ZnunyStandIn, GenericInterfaceClient) async throws -> Void) async throws
{
    let standIn = try await ZnunyStandIn.start(database: database)
    do {
        let client = GenericInterfaceClient(configuration: try GenericInterfaceConfiguration(url: standIn.url, userLogin: login,
            password: password, timeout: timeout))
        try await body(standIn, client)
        // whatever the test expected, nothing the client sent may have been a shape Znuny never accepted
        #expect(standIn.rejections == [])
    } catch {
        await standIn.stop()
        throw error
    }
    await standIn.stop()
}

/// Runs `body` and returns the GenericInterfaceError it threw (a failed expectation when it threw none).
func giError(_ body: () async throws -> Void) async -> GenericInterfaceError? {
    do {
        try await body()
        Issue.record("no error was thrown")
        return nil
    } catch let error as GenericInterfaceError {
        return error
    } catch {
        Issue.record("not a GenericInterfaceError: \(error)")
        return nil
    }
}

enum Samples {
    static let phoneTicket = GITicketFields(title: "Chat with Jürgen Müller", queue: "Chat", state: "new", priority: "3 normal",
        customerUser: "jdoe", customerID: "ACME")
    static let phoneArticle = GIArticleFields(channel: .phone, senderType: .customer, isVisibleForCustomer: true,
        from: "John Doe <jdoe@acme-corp.test>", subject: "Chat with Jürgen Müller", body: "Customer started a chat: printer prints boxes only.",
        history: .init(type: "PhoneCallCustomer", comment: "Created from chat #4711"))
    static let transcript = "Chat #4711\n[10:01] Jürgen Müller: Grüß Gott! 客服 🖨️💥\n[10:02] Chat Bot: 👍"
    static let internalNote = GIArticleFields(channel: .internal, senderType: .agent, isVisibleForCustomer: false,
        subject: "Chat transcript #4711", body: transcript, history: .init(type: "AddNote", comment: "Chat transcript appended"))
    static let file = GIAttachmentFields(filename: "chat-4711.txt", contentType: "text/plain; charset=utf-8", content: Array(transcript.utf8))
}
