import ChatCore

extension SQLStore: CustomerPreferenceRepository {
    public func customerPreference(_ name: CustomerPreference, of customer: CustomerUserID) async throws -> String? {
        try await database.read("SELECT value FROM ce_customer_preference WHERE customer_user_id = ? AND name = ?",
            [.int(customer.rawValue), .text(name.rawValue)]).first.map { try $0.text("value") }
    }

    public func setCustomerPreference(_ name: CustomerPreference, value: String, for customer: CustomerUserID) async throws {
        try await database.write { sql in
            if value.isEmpty {
                try await sql.execute("DELETE FROM ce_customer_preference WHERE customer_user_id = ? AND name = ?",
                    .int(customer.rawValue), .text(name.rawValue))
                return
            }
            try await sql.execute("""
                INSERT INTO ce_customer_preference (customer_user_id, name, value) VALUES (?, ?, ?)
                ON CONFLICT (customer_user_id, name) DO UPDATE SET value = excluded.value
                """, .int(customer.rawValue), .text(name.rawValue), .text(value))
        }
    }
}
