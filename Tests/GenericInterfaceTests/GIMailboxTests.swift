@testable import GenericInterfaceStandIn
import Testing

@testable import GenericInterface

/// The article author as Znuny takes it (`Article.From`): a name with its address, quoted when needed; no
/// address, no From (a bare name is refused by Znuny, captured live).
@Suite("Article.From from a name and an address")
struct GIMailboxTests {
    @Test("plain, quoted, escaped; nil without a usable address; every result passes Znuny's check as the stand-in models it")
    func mailboxes() {
        #expect(GIMailbox.from(name: "Rita Writer", email: "rw@znuny-fixture.test") == "Rita Writer <rw@znuny-fixture.test>")
        #expect(GIMailbox.from(name: "Jürgen Müller", email: "jm@example.com") == "Jürgen Müller <jm@example.com>")
        #expect(GIMailbox.from(name: "Writer, Rita", email: "rw@example.com") == "\"Writer, Rita\" <rw@example.com>")
        #expect(GIMailbox.from(name: "J. \"Jo\" Doe\\", email: "jo@example.com") == "\"J. \\\"Jo\\\" Doe\\\\\" <jo@example.com>")
        #expect(GIMailbox.from(name: "", email: "rw@example.com") == "rw@example.com")
        #expect(GIMailbox.from(name: "Rita", email: "") == nil)
        #expect(GIMailbox.from(name: "Rita", email: "rw @example.com") == nil)
        #expect(GIMailbox.from(name: "Rita", email: "<rw@example.com>") == nil)
        for (name, email) in [("Rita Writer", "rw@znuny-fixture.test"), ("Writer, Rita", "rw@example.com"), ("", "rw@example.com")] {
            #expect(StandInAnswers.validFrom(GIMailbox.from(name: name, email: email) ?? ""), "\(name)")
        }
        #expect(!StandInAnswers.validFrom("Rita Writer"))
        #expect(!StandInAnswers.validFrom("Writer, Rita <rw@example.com>"))
    }
}
