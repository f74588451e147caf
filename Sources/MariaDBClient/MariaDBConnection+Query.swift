import CMariaDB

extension MariaDBConnection {
    /// Runs `sql` as a prepared statement with `parameters` bound to its `?` placeholders, and returns every
    /// row. Values never become SQL text. Columns arrive as bytes (numbers and dates as their text).
    public func query(_ sql: String, _ parameters: [MariaDBValue] = []) throws(MariaDBError) -> [MariaDBRow] {
        guard let statement = mysql_stmt_init(handle) else { throw Self.error(handle) }
        defer { mysql_stmt_close(statement) }
        func failure() -> MariaDBError {
            MariaDBError(code: mysql_stmt_errno(statement), message: String(cString: mysql_stmt_error(statement)))
        }
        let text = Array(sql.utf8)
        guard mysql_stmt_prepare(statement, text, UInt(text.count)) == 0 else { throw failure() }
        guard Int(mysql_stmt_param_count(statement)) == parameters.count else {
            throw MariaDBError(code: 0, message: "the statement has \(mysql_stmt_param_count(statement)) placeholders, \(parameters.count) values were given")
        }

        let inputs = ParameterBuffers(parameters)
        defer { inputs.release() }
        if !parameters.isEmpty {
            guard mysql_stmt_bind_param(statement, inputs.binds) == 0 else { throw failure() }
        }
        guard mysql_stmt_execute(statement) == 0 else { throw failure() }
        guard let metadata = mysql_stmt_result_metadata(statement) else {
            if mysql_stmt_errno(statement) != 0 { throw failure() }
            return []  // a statement without a result set
        }
        let columnCount = Int(mysql_num_fields(metadata))
        mysql_free_result(metadata)
        guard mysql_stmt_store_result(statement) == 0 else { throw failure() }

        let outputs = ResultBuffers(columns: columnCount)
        defer { outputs.release() }
        guard mysql_stmt_bind_result(statement, outputs.binds) == 0 else { throw failure() }
        var rows: [MariaDBRow] = []
        while true {
            let status = mysql_stmt_fetch(statement)
            if status == MYSQL_NO_DATA { break }
            guard status == 0 || status == MYSQL_DATA_TRUNCATED else { throw failure() }
            var columns: [[UInt8]?] = []
            columns.reserveCapacity(columnCount)
            for index in 0..<columnCount {
                if outputs.isNull[index] != 0 {
                    columns.append(nil)
                    continue
                }
                let length = Int(outputs.lengths[index])
                if length <= ResultBuffers.inline {
                    columns.append(Array(UnsafeRawBufferPointer(start: outputs.buffers[index], count: length)))
                    continue
                }
                // longer than the inline buffer: fetch this column again into one of its full length
                var whole = [UInt8](repeating: 0, count: length)
                var fetched: UInt = 0
                var bind = MYSQL_BIND()
                bind.buffer_type = MYSQL_TYPE_STRING
                bind.buffer_length = UInt(length)
                let status = whole.withUnsafeMutableBytes { buffer in
                    withUnsafeMutablePointer(to: &fetched) { fetchedLength in
                        bind.buffer = buffer.baseAddress
                        bind.length = fetchedLength
                        return mysql_stmt_fetch_column(statement, &bind, UInt32(index), 0)
                    }
                }
                guard status == 0 else { throw failure() }
                columns.append(Array(whole.prefix(Int(fetched))))
            }
            rows.append(MariaDBRow(columns: columns))
        }
        return rows
    }
}

/// The bound parameters' memory, alive until the statement has executed.
private struct ParameterBuffers {
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private var storage: [UnsafeMutableRawPointer] = []

    init(_ values: [MariaDBValue]) {
        binds = .allocate(capacity: max(1, values.count))
        binds.initialize(repeating: MYSQL_BIND(), count: max(1, values.count))
        for (index, value) in values.enumerated() {
            switch value {
            case .text(let string):
                let bytes = Array(string.utf8)
                let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: 1)
                bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
                storage.append(buffer)
                binds[index].buffer_type = MYSQL_TYPE_STRING
                binds[index].buffer = buffer
                binds[index].buffer_length = UInt(bytes.count)
            case .int(let number):
                let buffer = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)
                buffer.storeBytes(of: number, as: Int64.self)
                storage.append(buffer)
                binds[index].buffer_type = MYSQL_TYPE_LONGLONG
                binds[index].buffer = buffer
                binds[index].buffer_length = 8
            }
        }
    }

    func release() {
        storage.forEach { $0.deallocate() }
        binds.deallocate()
    }
}

/// One inline buffer per column; longer values are fetched again at their full length.
private struct ResultBuffers {
    static let inline = 256
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    let buffers: [UnsafeMutableRawPointer]
    let lengths: UnsafeMutablePointer<UInt>
    let isNull: UnsafeMutablePointer<my_bool>
    let errors: UnsafeMutablePointer<my_bool>

    init(columns: Int) {
        let count = max(1, columns)
        binds = .allocate(capacity: count)
        binds.initialize(repeating: MYSQL_BIND(), count: count)
        lengths = .allocate(capacity: count)
        lengths.initialize(repeating: 0, count: count)
        isNull = .allocate(capacity: count)
        isNull.initialize(repeating: 0, count: count)
        errors = .allocate(capacity: count)
        errors.initialize(repeating: 0, count: count)
        buffers = (0..<columns).map { _ in UnsafeMutableRawPointer.allocate(byteCount: Self.inline, alignment: 8) }
        for index in 0..<columns {
            binds[index].buffer_type = MYSQL_TYPE_STRING
            binds[index].buffer = buffers[index]
            binds[index].buffer_length = UInt(Self.inline)
            binds[index].length = lengths + index
            binds[index].is_null = isNull + index
            binds[index].error = errors + index
        }
    }

    func release() {
        buffers.forEach { $0.deallocate() }
        binds.deallocate()
        lengths.deallocate()
        isNull.deallocate()
        errors.deallocate()
    }
}
