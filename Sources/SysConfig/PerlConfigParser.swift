/// Reads an OTRS-family Perl config file (Kernel/Config.pm, Kernel/Config/Files/ZZZ*.pm) into the
/// statements it would run, without running anything. The scaffolding every such file has is accepted
/// and has no effect; anything outside the subset is an error naming the file, the line and the construct.
public enum PerlConfigParser {
    static func parse(bytes: [UInt8], file: String) throws(ConfigIssue) -> PerlConfigProgram {
        var scanner = PerlScanner(bytes: bytes, file: file)
        var program = PerlConfigProgram(statements: [])
        var sawLoad = false
        while true {
            scanner.skipSpace()
            if scanner.atEnd { break }
            if scanner.consume("__END__") || scanner.consume("__DATA__") { break }
            if scanner.consume("sub") {
                // OTRS's language files (Kernel/Language/*.pm) fill $Self in `sub Data` the way configs do in `sub Load`
                let name = scanner.word()
                guard name == "Load" || name == "Data" else {
                    throw scanner.error("only 'sub Load' (or a language file's 'sub Data') may be defined")
                }
                if sawLoad { throw scanner.error("a second 'sub Load'") }
                sawLoad = true
                try scanner.expect("{", "'{' opening sub Load")
                program.statements = try scanner.loadBody()
                continue
            }
            try scanner.scaffolding(insideLoad: false)
        }
        return program
    }
}

extension PerlScanner {
    /// `package`, `use`, `no`, `1;` and friends: accepted, no effect.
    fileprivate mutating func scaffolding(insideLoad: Bool) throws(ConfigIssue) {
        let before = self
        if consume("package") {
            guard word(qualified: true) != nil else { throw error("expected a package name") }
            try expect(";", "';' after the package name")
            return
        }
        if consume("use") || consume("no") {
            try skipImportList()
            return
        }
        if let c = peek(), c.isASCIIDigit, !insideLoad {
            _ = try expression()
            try expect(";", "';'")
            return
        }
        throw before.error("unsupported construct")
    }

    /// `use Module LIST;`, `use v5.24;`, `no warnings 'redefine';`: a module or version and an import list.
    private mutating func skipImportList() throws(ConfigIssue) {
        skipSpace()
        if peek() == UInt8(ascii: "v") || (peek()?.isASCIIDigit ?? false) {
            while let c = peek(), c.isWordByte || c == UInt8(ascii: ".") { advance() }
        } else if word(qualified: true) == nil {
            throw error("expected a module name after use/no")
        }
        while !consume(";") {
            skipSpace()
            if atEnd { throw error("expected ';' ending the use/no statement") }
            if consume(",") || consume("=>") { continue }
            _ = try expression()
        }
    }

    /// The statements of `sub Load { ... }`, up to its closing brace. Statements after `return` are parsed
    /// but not kept, since perl never runs them.
    fileprivate mutating func loadBody() throws(ConfigIssue) -> [PerlStatement] {
        var statements: [PerlStatement] = []
        var selfDeclared = false
        var returned = false
        while true {
            skipSpace()
            if consume("}") { return statements }
            if atEnd { throw error("'sub Load' is not closed with '}'") }
            if consume(";") { continue }
            let statementLocation = location
            if consume("my") {
                try selfDeclaration()
                selfDeclared = true
                continue
            }
            if consume("return") {
                if !consume(";") {
                    _ = try expression()
                    try expect(";", "';' after return")
                }
                returned = true
                continue
            }
            let isDelete = consume("delete")
            guard consume("$Self") else { throw error("unsupported construct") }
            guard selfDeclared else {
                throw ConfigIssue("$Self is used before 'my $Self = shift;' declares it", at: statementLocation)
            }
            let path = try selfSubscripts()
            let statement: PerlStatement
            if isDelete {
                statement = .delete(path, statementLocation)
            } else {
                try expect("=", "'=' in an assignment to $Self")
                statement = .assign(path, try expression(), statementLocation)
            }
            try expect(";", "';' ending the statement")
            if !returned { statements.append(statement) }
        }
    }

    /// `my $Self = shift;`, `my ($Self) = @_;` or `my ($File, $Self) = @_;`.
    private mutating func selfDeclaration() throws(ConfigIssue) {
        if consume("$Self") {
            try expect("=", "'=' in 'my $Self = shift;'")
            try expect("shift", "'shift' in 'my $Self = shift;'")
            try expect(";", "';'")
            return
        }
        try expect("(", "'my $Self = shift;' or 'my ($File, $Self) = @_;'")
        if consume("$File") || consume("$Class") || consume("$Type") { try expect(",", "','") }
        try expect("$Self", "$Self in the 'my (...) = @_;' list")
        try expect(")", "')'")
        try expect("=", "'='")
        try expect("@_", "'@_'")
        try expect(";", "';'")
    }
}
