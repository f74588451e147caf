import ChatJSON
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// The widget's availability check over HTTP (a real server): a refused site can read its refusal (403 with CORS
/// for itself, a code and a text, nothing more), answers are cacheable for what is left of the server's window,
/// and too many polls from one address get 429 with `Retry-After` that the loader may read.
@Suite("Widget availability over HTTP: readable refusal, Cache-Control, 429", .timeLimit(.minutes(2)))
struct WidgetAvailabilityWebTests {
    static let uri = "/otrs/public.pl?Action=PublicChat;Subaction=WidgetAvailability"
    static let origin = HTTPField.Name("Origin")!
    static let acao = HTTPField.Name("Access-Control-Allow-Origin")!
    static let expose = HTTPField.Name("Access-Control-Expose-Headers")!
    static let vary = HTTPField.Name("Vary")!
    static let listed = "$Self->{'ChatEngine::PublicInterface::AllowedOrigins'} = ['https://www.example.com'];"

    @Test("a site not allowed reads a 403 with CORS for itself, its code and a text naming it and the setting")
    func readableRefusal() async throws {
        try await WebHarness.with(Self.listed) { _, client async throws in
            let refused = try await client.execute(uri: Self.uri, method: .get, headers: [Self.origin: "https://evil.example"])
            #expect(refused.status == .forbidden)
            #expect(refused.headers[Self.acao] == "https://evil.example")
            #expect(refused.headers[Self.vary] == "Origin")
            #expect(refused.headers[.cacheControl] == "no-store")
            let json = try #require(JSON.parse(String(buffer: refused.body)))
            #expect(json == .object([("OK", .bool(false)), ("Error", .object([
                ("Code", .string("OriginNotAllowed")),
                ("Message", .string("The chat is not offered on https://evil.example: it is not in ChatEngine::PublicInterface::AllowedOrigins.")),
            ]))]))
            // a page with an opaque origin (a sandboxed frame) reads it as "null", and is refused too
            let opaque = try await client.execute(uri: Self.uri, method: .get, headers: [Self.origin: "null"])
            #expect(opaque.status == .forbidden || opaque.status == .badRequest)
        }
    }

    @Test("an allowed site's answer may be kept by browsers and proxies for what is left of the server's window")
    func cacheControl() async throws {
        try await WebHarness.with(Self.listed + "\n$Self->{'ChatEngine::PublicInterface::WidgetAvailabilityCache'} = 6;") {
            harness, client async throws in
            let first = try await client.execute(uri: Self.uri, method: .get, headers: [Self.origin: "https://www.example.com"])
            #expect(first.status == .ok && first.headers[.cacheControl] == "max-age=6")
            #expect(first.headers[Self.acao] == "https://www.example.com" && first.headers[Self.vary] == "Origin")
            harness.clock.advance(4)
            let second = try await client.execute(uri: Self.uri, method: .get, headers: [Self.origin: "https://www.example.com"])
            #expect(second.headers[.cacheControl] == "max-age=2")
        }
    }

    @Test("too many polls from one address: 429 with Retry-After (readable by the loader); other addresses go on; it releases")
    func pollLimit() async throws {
        let config = """
                $Self->{'ChatEngine::TrustedProxies'} = '127.0.0.1 ::1';
                $Self->{'ChatEngine::PublicInterface::WidgetPollLimit'} = 2;
                $Self->{'ChatEngine::PublicInterface::WidgetPollLimitWindow'} = 30;
            """
        try await WebHarness.with(config, setup: .live) { harness, client async throws in
            func poll(from address: String) async throws -> TestResponse {
                try await client.execute(uri: Self.uri, method: .get,
                    headers: [Self.origin: "https://www.example.com", .xForwardedFor: "\(address), 127.0.0.1"])
            }
            for _ in 0..<2 { #expect(try await poll(from: "198.51.100.7").status == .ok) }
            let limited = try await poll(from: "198.51.100.7")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] == "30")
            #expect(limited.headers[Self.expose] == "Retry-After")
            #expect(limited.headers[Self.acao] == "https://www.example.com")
            #expect(JSON.parse(String(buffer: limited.body))?.errorCode == "RateLimited")
            #expect(try await poll(from: "203.0.113.9").status == .ok)
            harness.clock.advance(30)
            #expect(try await poll(from: "198.51.100.7").status == .ok)
        }
    }
}
