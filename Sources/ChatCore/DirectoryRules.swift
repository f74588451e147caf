/// What an admin screen (or an agent's own preferences) may write into the directory: the limits and the
/// shape of logins, names, e-mail addresses, passwords, group and role names and customer IDs. Each refusal
/// names the field and the problem, so a form can say what to fix.
public enum DirectoryRules {
    public static let maxLogin = 200
    public static let maxName = 100
    public static let maxEmail = 150
    public static let maxGroupName = 100
    public static let maxCustomerID = 150
    public static let maxCompanyName = 200
    /// bcrypt reads only the first 72 bytes: a longer password would be accepted with any ending.
    public static let maxPasswordBytes = 72

    public static func checkLogin(_ login: String) throws(DirectoryRuleError) {
        try checkText("Login", login, max: maxLogin)
        guard !login.unicodeScalars.contains(where: { $0.properties.isWhitespace }) else {
            throw DirectoryRuleError(field: "Login", problem: "may not contain spaces")
        }
    }

    public static func checkName(_ field: String, _ value: String) throws(DirectoryRuleError) {
        try checkText(field, value, max: maxName)
    }

    public static func checkEmail(_ email: String) throws(DirectoryRuleError) {
        try checkText("E-mail", email, max: maxEmail)
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."), !email.unicodeScalars.contains(where: { $0.properties.isWhitespace })
        else { throw DirectoryRuleError(field: "E-mail", problem: "is not an e-mail address (name@example.com)") }
    }

    public static func checkPassword(_ password: String) throws(DirectoryRuleError) {
        guard !password.isEmpty else { throw DirectoryRuleError(field: "Password", problem: "is empty") }
        guard password.utf8.count <= maxPasswordBytes else {
            throw DirectoryRuleError(field: "Password", problem: "is longer than \(maxPasswordBytes) bytes")
        }
        guard !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw DirectoryRuleError(field: "Password", problem: "contains control characters")
        }
    }

    public static func checkGroupName(_ field: String, _ name: String) throws(DirectoryRuleError) {
        try checkText(field, name, max: maxGroupName)
    }

    public static func checkCustomerID(_ id: String) throws(DirectoryRuleError) {
        try checkText("Customer ID", id, max: maxCustomerID)
    }

    public static func checkCompanyName(_ name: String) throws(DirectoryRuleError) {
        try checkText("Company name", name, max: maxCompanyName)
    }

    /// Required, not longer than `max` characters, no control characters, no space at either end.
    static func checkText(_ field: String, _ value: String, max: Int) throws(DirectoryRuleError) {
        guard !value.isEmpty else { throw DirectoryRuleError(field: field, problem: "is required") }
        guard value.count <= max else {
            throw DirectoryRuleError(field: field, problem: "is longer than \(max) characters")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw DirectoryRuleError(field: field, problem: "contains control characters")
        }
        guard value.first?.isWhitespace != true, value.last?.isWhitespace != true else {
            throw DirectoryRuleError(field: field, problem: "begins or ends with a space")
        }
    }
}

/// A field a directory form cannot take, and why.
public struct DirectoryRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field) \(problem)." }
}
