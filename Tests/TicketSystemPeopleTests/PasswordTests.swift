import Foundation
import Testing

@testable import TicketSystemPeople

/// One agent or customer user from a live Znuny 7 seed (`../shared/fixtures/otrs/znuny7-live*/seed.json`).
struct SeedRow: Sendable, CustomTestStringConvertible {
    let seed: String
    let login: String
    let password: String
    let stored: String
    let verifiedAs: String
    let cryptTypeWhenSet: String
    let acceptedWithLiveConfig: Bool

    var testDescription: String { "\(seed) \(login)" }
    var isPlain: Bool { cryptTypeWhenSet == "plain" }
    var isBcrypt: Bool { stored.hasPrefix("BCRYPT:") }

    /// Both seeds (PostgreSQL and MySQL); empty if the fixtures are missing, which `seedsAreThere` reports.
    static let all: [SeedRow] = ["znuny7-live", "znuny7-live-mysql"].flatMap { (try? load($0)) ?? [] }

    static func load(_ seed: String) throws -> [SeedRow] {
        let url = fixtures.appendingPathComponent("otrs/\(seed)/seed.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        let people = (json["agents"] as? [[String: Any]] ?? []) + (json["customer_users"] as? [[String: Any]] ?? [])
        return people.map { person in
            SeedRow(seed: seed, login: person["login"] as? String ?? "", password: person["password"] as? String ?? "",
                    stored: person["stored_pw"] as? String ?? "", verifiedAs: person["verified_as"] as? String ?? "",
                    cryptTypeWhenSet: person["crypt_type_when_set"] as? String ?? "",
                    acceptedWithLiveConfig: person["password_accepted_with_live_config"] as? Bool ?? false)
        }
    }

    /// `../shared/fixtures` beside the repository, or `CHATENGINE_FIXTURES`.
    static var fixtures: URL {
        if let custom = ProcessInfo.processInfo.environment["CHATENGINE_FIXTURES"] { return URL(fileURLWithPath: custom) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }

    /// The method the checker in the seed's tools/verify.py named.
    var expectedMethod: TicketSystemPassword.Method? {
        let prefixes: [(String, TicketSystemPassword.Method)] = [
            ("crypt(DES", .des), ("md5-crypt", .md5Crypt), ("apr1", .apacheMD5), ("sha256 hex", .sha256Hex),
            ("sha512 hex", .sha512Hex), ("bcrypt", .bcryptZnuny), ("sha1 hex", .sha1Hex),
            ("crypt(pw, login)", .cryptWithLoginSalt),
        ]
        return prefixes.first { verifiedAs.hasPrefix($0.0) }?.1
    }
}

private func verify(_ password: String, _ login: String = "someone", _ stored: String, _ type: CryptType = .sha2) -> Bool {
    TicketSystemPassword.verify(password, login: login, stored: stored, configured: type)
}

@Suite("Znuny passwords: the live seeds")
struct PasswordSeedTests {
    @Test func seedsAreThere() {
        #expect(SeedRow.all.count == 36, "10 agents and 8 customer users in each of the two seeds")
    }

    @Test(arguments: SeedRow.all)
    func liveConfigurationDecidesAsZnunyDid(_ row: SeedRow) {
        #expect(verify(row.password, row.login, row.stored) == row.acceptedWithLiveConfig)
        #expect(TicketSystemPassword.method(ofStored: row.stored) == row.expectedMethod)
    }

    /// A DES row ignores everything after byte 8, so there the wrong password differs at its start.
    @Test(arguments: SeedRow.all)
    func wrongPasswordsNeverVerify(_ row: SeedRow) {
        let des = TicketSystemPassword.method(ofStored: row.stored) == .des
        #expect(!verify((des ? "x" : "") + row.password + (des ? "" : "x"), row.login, row.stored))
        if des && row.password.utf8.count >= 8 { #expect(verify(row.password + "x", row.login, row.stored)) }
        #expect(!verify("", row.login, row.stored))
        #expect(!verify("", row.login, row.stored, .plain))
        #expect(!verify(row.password + "x", row.login, row.stored, .plain))
    }

    /// Only `plain` changes anything; bcrypt rows are left out here because each check takes a third of a second.
    @Test(arguments: SeedRow.all.filter { !$0.isBcrypt })
    func everyHashingTypeGivesTheSameAnswer(_ row: SeedRow) {
        for type in CryptType.allCases where type != .plain {
            #expect(verify(row.password, row.login, row.stored, type) == row.acceptedWithLiveConfig, "\(type)")
        }
    }

    @Test(arguments: SeedRow.all)
    func plainModeComparesStringsOnly(_ row: SeedRow) {
        #expect(verify(row.password, row.login, row.stored, .plain) == row.isPlain)
        if row.isPlain { #expect(!row.acceptedWithLiveConfig) }
    }

    @Test(arguments: SeedRow.all.filter { $0.stored.count == 64 || $0.stored.count == 128 || $0.stored.count == 40 })
    func uppercaseHexSelectsTheMethodButNeverMatches(_ row: SeedRow) {
        let upper = row.stored.uppercased()
        #expect(TicketSystemPassword.method(ofStored: upper) == row.expectedMethod)
        #expect(!verify(row.password, row.login, upper))
    }

    /// The seed's verify.py wrote down the standard `$2a$` form; ours is the same string with `$2b$`.
    @Test(arguments: SeedRow.all.filter(\.isBcrypt))
    func bcryptRowsBecomeTheModularFormTheCheckerUsed(_ row: SeedRow) throws {
        let parts = try #require(ZnunyBcrypt.parts(of: row.stored))
        let modular = ZnunyBcrypt.modular(parts)
        #expect("bcrypt (" + modular.replacingOccurrences(of: "$2b$", with: "$2a$") + ")" == row.verifiedAs)
    }

    @Test func desCountsOnlyTheFirstEightBytes() {
        let stored = "agJLcFSe7nA3o"
        #expect(verify("Crypt-Des#7", "agent.crypt", stored))
        #expect(verify("Crypt-De", "agent.crypt", stored))
        #expect(verify("Crypt-De" + "anything at all", "agent.crypt", stored))
        #expect(!verify("Crypt-Dx#7", "agent.crypt", stored))
        #expect(!verify("Crypt-D", "agent.crypt", stored))
    }
}

@Suite("Znuny passwords: vectors and refusals")
struct PasswordVectorTests {
    /// FACTS.md §2.3
    @Test func workedExamples() {
        #expect(verify("Adm1n-Sha2!", "zadmin", "0f249501820da8c5d8a414890343242cb4af3bea2325e602651540b198403727"))
        #expect(verify("root", "root@localhost", "roK20XGbWEsSM"))
        #expect(verify("Role-Md5#4", "agent.role", "$1$agent.ro$RcaJWdgswUlgREs6F8Mb7."))
        #expect(verify("Obs-Apr1#5", "agent.observer", "$apr1$agent.ob$grS0bdqnE.qF.58hk5cHb0"))
        let owner = "BCRYPT:12:SpChoR5rZS63ynUk:GTWewZgOpr8OPSD6Bi3ZPosywd.flM6"
        #expect(String(decoding: ZnunyBcrypt.base64(Array("SpChoR5rZS63ynUk".utf8)), as: UTF8.self) == "S1/BYE7QLVHYSxWxcU3TYu")
        #expect(ZnunyBcrypt.parts(of: owner).map(ZnunyBcrypt.modular)
            == "$2b$12$S1/BYE7QLVHYSxWxcU3TYuGTWewZgOpr8OPSD6Bi3ZPosywd.flM6")
        #expect(verify("Owner-Bcrypt#3", "agent.owner", owner))
        #expect(!verify("Owner-Bcrypt#4", "agent.owner", owner))
    }

    /// Made with `openssl passwd -1 / -apr1 -salt <salt> <password>` (the password bytes are UTF-8).
    @Test(arguments: [
        ("C-Md5#4", "$1$c.md5$UKOT496z.lQlWfC3sEdS11"),
        ("a much longer password of more than sixteen and thirty-two bytes, 70+", "$1$ab$B.Uoe0PF87UX/tRzyrrhV/"),
        ("Grüße-😀", "$apr1$x$Du2xti1jVlWunlXzhSTyY1"),
        ("Grüße-😀", "$1$12345678$IKSs6PV9QNt2/lk7V7xDe/"),
    ])
    func md5CryptMatchesOpenSSL(_ password: String, _ stored: String) {
        #expect(verify(password, "anyone", stored))
        #expect(!verify(password + "x", "anyone", stored))
        // Znuny keeps 8 salt bytes, so a longer salt in the row can never come back out
        let longerSalt = stored.replacingOccurrences(of: "$c.md5$", with: "$c.md5.long$")
            .replacingOccurrences(of: "$12345678$", with: "$123456789$")
        if longerSalt != stored { #expect(!verify(password, "anyone", longerSalt)) }
    }

    /// Random passwords (1 to 90 bytes, some of them non-ASCII) and salts against the installed OpenSSL.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")))
    func md5CryptMatchesOpenSSLOnRandomInput() throws {
        let saltAlphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        let passwordAlphabet = Array("abcXYZ019 !#%&*+-.:;<=>?@[]^_{|}~äß€😀")
        for round in 0..<24 {
            let password = String((0..<Int.random(in: 1...60)).map { _ in passwordAlphabet.randomElement()! })
            let salt = String((0..<Int.random(in: 1...8)).map { _ in saltAlphabet.randomElement()! })
            let flag = round.isMultiple(of: 2) ? "-1" : "-apr1"
            let output = try openssl(["passwd", flag, "-salt", salt, "-stdin"], input: password)
            #expect(verify(password, "anyone", output), "\(flag) salt \(salt) password \(password)")
            #expect(!verify(password + "x", "anyone", output))
        }
    }

    /// The password goes in on standard input, so one starting with "-" is not read as an option.
    private func openssl(_ arguments: [String], input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let out = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardInput = inPipe
        try process.run()
        inPipe.fileHandleForWriting.write(Data((input + "\n").utf8))
        try inPipe.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func md5SaltIsHandledAsCryptPasswdMD5Does() {
        #expect(MD5Crypt.normalizedSalt(Array("agent.role".utf8), magic: Array("$1$".utf8)) == Array("agent.ro".utf8))
        #expect(MD5Crypt.normalizedSalt(Array("$1$ab".utf8), magic: Array("$1$".utf8)) == Array("ab".utf8))
        #expect(MD5Crypt.normalizedSalt(Array("$ab".utf8), magic: Array("$1$".utf8)) == [])
        // any magic but $apr1$ is computed as $1$, so other modular hashes never match
        #expect(TicketSystemPassword.method(ofStored: "$9$agent.ro$RcaJWdgswUlgREs6F8Mb7.") == .md5Crypt)
        #expect(!verify("Role-Md5#4", "agent.role", "$9$agent.ro$RcaJWdgswUlgREs6F8Mb7."))
        #expect(!verify("Role-Md5#4", "agent.role", "$1$agent.ro$RcaJWdgswUlgREs6F8Mb7.\n"))
    }

    /// Real SHA-crypt (`openssl passwd -5/-6`) and `$2y$` bcrypt (libxcrypt) strings of the right password.
    @Test(arguments: [
        "$5$saltsalt$s4ftFHdghMxHy.DZbJa5MBf7zMeq/Qx.jkzvUWVMqs.",
        "$6$saltsalt$lIsWNcM7Sc9ieN/e6DrU2TNnL6GL2DAW4a7tZZb3cM9xNQ9JPBgUhffAIOUXHokEtfNaIeqDcMc/X0nlNgjtr/",
        "$2y$04$TETxbDLfZFOvLiLmWVHxK.55EFpaEhCAYDzSeKOdeHygmz5l7DYMm",
    ])
    func otherModularHashesNeverMatch(_ stored: String) {
        #expect(TicketSystemPassword.method(ofStored: stored) == .md5Crypt)
        for type in CryptType.allCases { #expect(!verify("Adm1n-Sha2!", "zadmin", stored, type)) }
    }

    /// `BCRYPT:04:TestSalt16Chars0:…`, made with libxcrypt's `$2b$04$TETxbDLfZFOvLiLmWVHxK.` (that salt).
    @Test func bcryptUsesTheFirst72BytesAndCostAsWritten() {
        let short = "BCRYPT:04:TestSalt16Chars0:.62Fc82MCt6pjYviPYzUFx7WZ5FCg1W"
        #expect(verify("Kurz-Bcrypt#9", "k", short))
        #expect(verify("Kurz-Bcrypt#9", "k", short.replacingOccurrences(of: ":04:", with: ":004:")))
        #expect(!verify("Kurz-Bcrypt#9", "k", short.replacingOccurrences(of: ":04:", with: ":05:")))
        #expect(!verify("Kurz-Bcrypt#9\u{0}x", "k", short), "the C code would stop at the NUL; Znuny would not")

        let long = "BCRYPT:04:TestSalt16Chars0:HiqDviuI9bmOS2hl7/8pr04CoULVfbG"
        let password72 = String(repeating: "P", count: 60) + "0123456789AB"
        #expect(verify(password72, "k", long))
        #expect(verify(password72 + "anything beyond byte 72", "k", long))
        #expect(!verify(String(password72.dropLast()), "k", long))
    }

    @Test(arguments: [
        "BCRYPT:", "BCRYPT:12", "BCRYPT:12:", "BCRYPT::SpChoR5rZS63ynUk:GTWewZgOpr8OPSD6Bi3ZPosywd.flM6",
        "BCRYPT:3:SpChoR5rZS63ynUk:GTWewZgOpr8OPSD6Bi3ZPosywd.flM6",
        "BCRYPT:32:SpChoR5rZS63ynUk:GTWewZgOpr8OPSD6Bi3ZPosywd.flM6",
        "BCRYPT:99999999999999999999999:SpChoR5rZS63ynUk:GTWewZgOpr8OPSD6Bi3ZPosywd.flM6",
        "BCRYPT:x12:SpChoR5rZS63ynUk:GTWewZgOpr8OPSD6Bi3ZPosywd.flM6",
        "BCRYPT:12:SpChoR5rZS63ynU:GTWewZgOpr8OPSD6Bi3ZPosywd.flM6",
        "BCRYPT:12:SpChoR5rZS63ynUkk:GTWewZgOpr8OPSD6Bi3ZPosywd.flM6",
        "BCRYPT:12:SpChoR5rZS63ynÜk:GTWewZgOpr8OPSD6Bi3ZPosywd.flM6",
        "BCRYPT:12:SpChoR5rZS63ynUk:GTWewZgOpr8OPSD6Bi3ZPosywd.flM",
        "BCRYPT:12:SpChoR5rZS63ynUk:GTWewZgOpr8OPSD6Bi3ZPosywd.flM6x",
        "BCRYPT:12:SpChoR5rZS63ynUk:GTWewZgOpr8OPSD6Bi3ZPosywd.flM$",
        "BCRYPT:12:SpChoR5rZS63ynUk:GTWewZgOpr8OPSD6Bi3ZPosywd.flM6\u{0}",
        "BCRYPT:12:SpChoR5rZS63ynUk", "BCRYPT:12:SpChoR5rZS63ynUk;GTWewZgOpr8OPSD6Bi3ZPosywd.flM6",
    ])
    func malformedBcryptNeverMatches(_ stored: String) {
        #expect(TicketSystemPassword.method(ofStored: stored) == .bcryptZnuny)
        #expect(ZnunyBcrypt.parts(of: stored) == nil)
        #expect(!verify("Owner-Bcrypt#3", "agent.owner", stored))
    }

    @Test func shapesAreTestedInZnunysOrder() {
        #expect(TicketSystemPassword.method(ofStored: "$1$abcdefghij") == .des, "13 characters come first")
        #expect(TicketSystemPassword.method(ofStored: "agJLcFSe7nA3o\n") == .des, "Perl's $ allows a final line feed")
        #expect(TicketSystemPassword.method(ofStored: "abcdefghijklmnopqrstuvwxyz") == .cryptWithLoginSalt)
        #expect(TicketSystemPassword.method(ofStored: String(repeating: "g", count: 64)) == .cryptWithLoginSalt)
        #expect(TicketSystemPassword.method(ofStored: "$$1$x") == .cryptWithLoginSalt, "no third $ after a salt")
        #expect(TicketSystemPassword.method(ofStored: "$ab$c$") == .md5Crypt)
        #expect(!verify("Crypt-Des#7", "agent.crypt", "agJLcFSe7nA3o\n"))
    }

    /// Anything else is crypt(3) salted with the login: libxcrypt's BSDi form shows the path really runs.
    @Test func anythingElseIsCryptWithTheLogin() {
        #expect(verify("Crypt-Des#7", "_J9..abcd", "_J9..abcdsxJYU82.WEE"))
        #expect(!verify("Crypt-Des#8", "_J9..abcd", "_J9..abcdsxJYU82.WEE"))
        #expect(!verify("Crypt-Des#7", "_J9..abce", "_J9..abcdsxJYU82.WEE"))
        // a login crypt(3) cannot use as a salt gives its failure token, which matches nothing
        #expect(!verify("x", "c@x", "*0"))
        #expect(!verify("x", "é", "*0"))
    }

    @Test func perlTruthinessAndExactStrings() {
        #expect(!verify("0", "someone", "0", .plain), "Znuny's `!$Pw` refuses the password 0")
        #expect(!verify("pw", "0", "pw", .plain))
        #expect(verify("Plain-Text#8", "agent.plain", "Plain-Text#8", .plain))
        #expect(!verify("Plain-Text#8", "agent.plain", "Plain-Text#8", .sha2))
        // Perl compares code points; Swift's == would call these equal
        #expect(!verify("caf\u{E9}", "someone", "cafe\u{301}", .plain))
        #expect(verify("caf\u{E9}", "someone", "caf\u{E9}", .plain))
    }

    @Test func constantTimeEqualityComparesWholeStrings() {
        #expect(ConstantTime.equal(Array("abc".utf8), Array("abc".utf8)))
        #expect(!ConstantTime.equal(Array("abc".utf8), Array("abd".utf8)))
        #expect(!ConstantTime.equal(Array("abc".utf8), Array("abc\u{0}".utf8)))
        #expect(!ConstantTime.equal([], [0]))
        #expect(ConstantTime.equal([], []))
    }

    /// crypt_rn with its own buffer per call: many threads at once still get the right answers.
    @Test func cryptIsThreadSafe() async {
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask {
                    index.isMultiple(of: 2)
                        ? verify("Crypt-Des#7", "agent.crypt", "agJLcFSe7nA3o") && verify("root", "root@localhost", "roK20XGbWEsSM")
                        : !verify("Crypt-Dx#7", "agent.crypt", "agJLcFSe7nA3o") && !verify("Plain", "agent.plain", "Plain", .sha1)
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 200 && results.allSatisfy { $0 })
    }
}
