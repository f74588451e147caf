@testable import Mail
import Testing

@Suite struct SMTPReplyParserTests {
    @Test func multiLineReplyAndItsExtensions() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.feed("250-sink.test Hello") == nil)
        #expect(try parser.feed("250-AUTH PLAIN LOGIN") == nil)
        #expect(try parser.feed("250-AUTH=LOGIN") == nil)
        #expect(try parser.feed("250-STARTTLS") == nil)
        let reply = try #require(try parser.feed("250 SMTPUTF8"))
        #expect(reply.code == 250)
        #expect(reply.extensions["AUTH"] == ["PLAIN", "LOGIN", "LOGIN"])
        #expect(reply.extensions["STARTTLS"] == [])
        #expect(!parser.isMidReply)
        let bare = try #require(try parser.feed("354"))
        #expect(bare.code == 354 && bare.lines == [""])
    }

    @Test func notAReplyIsRefused() {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.Malformed.self) { try parser.feed("HTTP/1.1 400 Bad Request") }
        var mixed = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.Malformed.self) {
            _ = try mixed.feed("250-first")
            _ = try mixed.feed("550 other code")
        }
    }

    @Test func dotStuffingDoublesLeadingDotsAndEndsWithTheTerminator() {
        let stuffed = SMTPTransport.dotStuffed(Array(".a\r\nb\r\n..c\r\n.".utf8))
        #expect(String(decoding: stuffed, as: UTF8.self) == "..a\r\nb\r\n...c\r\n..\r\n.\r\n")
    }
}
