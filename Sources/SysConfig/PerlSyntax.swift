/// The subset of Perl that OTRS-family config files use, as a syntax tree. Parsed, never executed.
struct PerlConfigProgram: Sendable {
    var statements: [PerlStatement]
}

enum PerlStatement: Sendable {
    /// `$Self->{...}... = value;`
    case assign(PerlSelfPath, PerlExpression, SourceLocation)
    /// `delete $Self->{...}...;`
    case delete(PerlSelfPath, SourceLocation)
}

/// `$Self->{A}->{B}[0]`: the subscripts after `$Self`.
struct PerlSelfPath: Sendable {
    var subscripts: [PerlSubscript]
}

enum PerlSubscript: Sendable {
    case key(PerlExpression)
    case index(Int)
}

indirect enum PerlExpression: Sendable {
    case undef
    /// A literal or interpolating string; numbers are already in perl's string form.
    case string([PerlStringPart])
    case arrayRef([PerlExpression])
    /// The flat list inside `{ ... }`, paired up key, value, key, value when evaluated.
    case hashRef([PerlExpression])
    /// `qw(...)` inside a list: several strings at once.
    case words([String])
    case selfValue(PerlSelfPath)
    /// A value already built (a definition's default put in place like an assignment).
    case constant(ConfigValue)

    static func literal(_ text: String) -> PerlExpression { .string([.literal(text)]) }
}

enum PerlStringPart: Sendable {
    case literal(String)
    case interpolated(PerlSelfPath)
}
