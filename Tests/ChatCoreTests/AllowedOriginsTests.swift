import ChatCore
import Testing

@Suite("AllowedOrigins: which websites may run the widget")
struct AllowedOriginsTests {
    @Test("exact origins match scheme, host and port; default ports and case do not matter")
    func exact() throws {
        let list = try AllowedOrigins(["https://www.example.com", "http://localhost:8080/"])
        #expect(list.allows("https://www.example.com"))
        #expect(list.allows("HTTPS://WWW.Example.com:443"))
        #expect(list.allows("http://localhost:8080"))
        #expect(!list.allows("http://www.example.com"))  // another scheme
        #expect(!list.allows("https://example.com"))
        #expect(!list.allows("https://www.example.com:8443"))
        #expect(!list.allows("http://localhost:8081"))
        #expect(!list.allows("https://www.example.com.evil.org"))
        #expect(!list.allows("null"))
        #expect(!list.allows(""))
        #expect(list.frameAncestors == "https://www.example.com http://localhost:8080")
    }

    @Test("*.example.com allows every subdomain at any depth, not example.com itself nor look-alikes")
    func wildcard() throws {
        let list = try AllowedOrigins(["https://*.example.com"])
        #expect(list.allows("https://shop.example.com"))
        #expect(list.allows("https://a.b.example.com"))
        #expect(!list.allows("https://example.com"))
        #expect(!list.allows("https://badexample.com"))
        #expect(!list.allows("https://example.com.evil.org"))
        #expect(!list.allows("http://shop.example.com"))
        #expect(list.frameAncestors == "https://*.example.com")
    }

    @Test("an empty list allows any site; its frame-ancestors is *")
    func empty() throws {
        let list = try AllowedOrigins([])
        #expect(list.allowsAnySite)
        #expect(list.allows("https://anything.example"))
        #expect(list.frameAncestors == "*")
    }

    @Test("bad entries are refused, each quoted with what is wrong", arguments: [
        ("www.example.com", "no scheme"), ("ftp://example.com", "https:// or http://"),
        ("https://example.com/shop", "more than an origin"), ("https://example.com?x=1", "more than an origin"),
        ("https://user@example.com", "more than an origin"), ("https://example.com:99999", "bad port"),
        ("https://ex*ample.com", "* only as its first label"), ("https://*", "* only as its first label"),
        ("*", "leave the list empty"), ("", "is empty"), ("https://", "no valid host"),
    ])
    func bad(entry: String, problem: String) {
        do {
            _ = try AllowedOrigins(["https://ok.example.com", entry])
            Issue.record("\(entry) was accepted")
        } catch {
            #expect(error.entry == entry)
            #expect(error.description.contains(problem), "\(error.description)")
        }
    }

    @Test("a Referer's origin: path, query and fragment dropped, default port too")
    func refererOrigin() {
        #expect(AllowedOrigins.origin(ofURL: "https://www.example.com/a/b?c=d#e") == "https://www.example.com")
        #expect(AllowedOrigins.origin(ofURL: "http://localhost:8080/page.html") == "http://localhost:8080")
        #expect(AllowedOrigins.origin(ofURL: "https://example.com:443/") == "https://example.com")
        #expect(AllowedOrigins.origin(ofURL: "about:blank") == nil)
        #expect(AllowedOrigins.origin(ofURL: "https://user:pw@example.com/") == nil)
    }
}
