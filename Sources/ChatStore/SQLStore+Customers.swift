import ChatCore
import Foundation

/// The admin screens' customer companies and customer users (see `AdministrationRepository`).
extension SQLStore {
    static func companyRecord(_ row: SQLRow) throws(StoreError) -> CustomerCompanyRecord {
        CustomerCompanyRecord(customerID: try row.text("customer_id"), name: try row.text("name"),
            isValid: try row.int("valid") == 1)
    }

    public func customerCompanies(search: String, limit: Int) async throws -> [CustomerCompanyRecord] {
        let pattern = Self.containsPattern(search)
        return try await database.read("""
            SELECT customer_id, name, valid FROM ce_customer_company
            WHERE LOWER(customer_id) LIKE ? ESCAPE '\\' OR LOWER(name) LIKE ? ESCAPE '\\' ORDER BY customer_id LIMIT ?
            """, [.text(pattern), .text(pattern), .int(Int64(limit))]).map(Self.companyRecord)
    }

    public func customerCompany(id: String) async throws -> CustomerCompanyRecord? {
        try await database.read("SELECT customer_id, name, valid FROM ce_customer_company WHERE customer_id = ?", [.text(id)])
            .first.map(Self.companyRecord)
    }

    public func updateCustomerCompany(_ customerID: String, name: String, isValid: Bool) async throws {
        try await database.write { sql in
            let rows = try await sql.execute("""
                UPDATE ce_customer_company SET name = ?, valid = ? WHERE customer_id = ? RETURNING customer_id
                """, .text(name), .int(isValid ? 1 : 0), .text(customerID))
            guard !rows.isEmpty else { throw StoreError.notFound("customer company \(customerID)") }
        }
    }

    public func customerUsers(search: String, limit: Int) async throws -> [CustomerUserRecord] {
        let pattern = Self.containsPattern(search)
        let fields = ["login", "first_name", "last_name", "email", "customer_id"]
        let filter = fields.map { "LOWER(\($0)) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ")
        return try await database.read("""
            SELECT \(Self.customerColumns) FROM ce_customer_user WHERE \(filter) ORDER BY login LIMIT ?
            """, fields.map { _ in SQLValue.text(pattern) } + [.int(Int64(limit))]).map(Self.customerRecord)
    }

    public func updateCustomerUser(_ id: CustomerUserID, login: String, customerID: String, email: String, firstName: String,
        lastName: String, isValid: Bool) async throws
    {
        try await database.write { sql in
            guard try await sql.execute("SELECT 1 AS x FROM ce_customer_company WHERE customer_id = ?", .text(customerID))
                .first != nil
            else { throw StoreError.notFound("customer company \(customerID)") }
            let rows = try await sql.execute("""
                UPDATE ce_customer_user SET login = ?, customer_id = ?, email = ?, first_name = ?, last_name = ?, valid = ?
                WHERE id = ? RETURNING id
                """, .text(login), .text(customerID), .text(email), .text(firstName),
                .text(lastName), .int(isValid ? 1 : 0), .int(id.rawValue))
            guard !rows.isEmpty else { throw StoreError.notFound("customer user \(id.rawValue)") }
            if !isValid {
                try await Self.endSessions(kind: "customer", id: id.rawValue, keeping: nil, sql)
            }
        }
    }

    public func setPassword(customer: CustomerUserID, hash: String, keepingSession: String?) async throws {
        try await database.write { sql in
            let rows = try await sql.execute("UPDATE ce_customer_user SET password_hash = ? WHERE id = ? RETURNING id",
                .text(hash), .int(customer.rawValue))
            guard !rows.isEmpty else { throw StoreError.notFound("customer user \(customer.rawValue)") }
            try await Self.endSessions(kind: "customer", id: customer.rawValue, keeping: keepingSession, sql)
        }
    }
}
