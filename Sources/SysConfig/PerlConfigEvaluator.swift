/// Applies parsed Perl config statements to the config, as perl would: assignments autovivify the
/// hashes and arrays on their way, reading `$Self->{A}{B}` autovivifies `$Self->{A}`, and `delete`
/// removes a hash key.
struct PerlConfigEvaluator {
    var root: [String: ConfigValue]
    /// For each assignment or delete: the path it touched and where. Validation uses it to name the line
    /// that put a bad value in place.
    var assignments: [(path: [String], location: SourceLocation)] = []

    mutating func run(_ program: PerlConfigProgram) throws(ConfigIssue) {
        for statement in program.statements {
            switch statement {
            case .assign(let target, let expression, let location):
                let value = try evaluate(expression, at: location)
                let path = try resolve(target, at: location)
                try Self.store(value, at: path[...], in: &root, location: location)
                assignments.append((path.map(\.text), location))
            case .delete(let target, let location):
                let path = try resolve(target, at: location)
                try Self.delete(at: path[...], in: &root, location: location)
                assignments.append((path.map(\.text), location))
            }
        }
    }

    /// A subscript step with its key evaluated.
    enum Step {
        case key(String)
        case index(Int)
        var text: String {
            switch self {
            case .key(let k): k
            case .index(let i): String(i)
            }
        }
    }

    private mutating func resolve(_ path: PerlSelfPath, at location: SourceLocation) throws(ConfigIssue) -> [Step] {
        var steps: [Step] = []
        if case .index = path.subscripts.first {
            throw ConfigIssue("$Self is a hash: its first subscript must be {...}", at: location)
        }
        for part in path.subscripts {
            switch part {
            case .index(let i): steps.append(.index(i))
            case .key(let expression): steps.append(.key(try scalarText(expression, at: location)))
            }
        }
        return steps
    }

    private mutating func scalarText(_ expression: PerlExpression, at location: SourceLocation) throws(ConfigIssue) -> String {
        switch try evaluate(expression, at: location) {
        case .string(let s): return s
        case .undef: return ""
        default: throw ConfigIssue("a reference cannot be used as a hash key or in a string", at: location)
        }
    }

    mutating func evaluate(_ expression: PerlExpression, at location: SourceLocation) throws(ConfigIssue) -> ConfigValue {
        switch expression {
        case .undef:
            return .undef
        case .constant(let value):
            return value
        case .string(let parts):
            var text = ""
            for part in parts {
                switch part {
                case .literal(let s): text += s
                case .interpolated(let path):
                    text += try scalarText(.selfValue(path), at: location)
                }
            }
            return .string(text)
        case .words(let words):
            return words.last.map { .string($0) } ?? .undef
        case .arrayRef(let items):
            return .array(try flatten(items, at: location))
        case .hashRef(let items):
            let flat = try flatten(items, at: location)
            var dict: [String: ConfigValue] = [:]
            var i = 0
            while i < flat.count {
                let key: String
                switch flat[i] {
                case .string(let s): key = s
                case .undef: key = ""
                default: throw ConfigIssue("a reference cannot be used as a hash key", at: location)
                }
                dict[key] = i + 1 < flat.count ? flat[i + 1] : .undef
                i += 2
            }
            return .hash(dict)
        case .selfValue(let path):
            let steps = try resolve(path, at: location)
            return try Self.read(at: steps[...], in: &root, location: location)
        }
    }

    /// A list's values, with `qw()` spread into its words.
    private mutating func flatten(_ items: [PerlExpression], at location: SourceLocation) throws(ConfigIssue) -> [ConfigValue] {
        var values: [ConfigValue] = []
        for item in items {
            if case .words(let words) = item {
                values.append(contentsOf: words.map { .string($0) })
            } else {
                values.append(try evaluate(item, at: location))
            }
        }
        return values
    }

    // MARK: walking paths the way perl does

    private static func store(_ value: ConfigValue, at path: ArraySlice<Step>, in dict: inout [String: ConfigValue],
        location: SourceLocation) throws(ConfigIssue)
    {
        guard let first = path.first, case .key(let key) = first else { return }
        var slot = dict[key] ?? .undef
        dict[key] = nil  // keep the nested value uniquely referenced while it changes
        try store(value, at: path.dropFirst(), in: &slot, location: location)
        dict[key] = slot
    }

    private static func store(_ value: ConfigValue, at path: ArraySlice<Step>, in slot: inout ConfigValue,
        location: SourceLocation) throws(ConfigIssue)
    {
        guard let step = path.first else {
            slot = value
            return
        }
        try descend(step, in: &slot, location: location) { (child: inout ConfigValue) throws(ConfigIssue) in
            try store(value, at: path.dropFirst(), in: &child, location: location)
        }
    }

    private static func read(at path: ArraySlice<Step>, in dict: inout [String: ConfigValue],
        location: SourceLocation) throws(ConfigIssue) -> ConfigValue
    {
        guard let first = path.first, case .key(let key) = first else { return .undef }
        if path.count == 1 { return dict[key] ?? .undef }
        var slot = dict[key] ?? .undef
        dict[key] = nil
        defer { dict[key] = slot }
        return try Self.read(at: path.dropFirst(), in: &slot, location: location)
    }

    private static func read(at path: ArraySlice<Step>, in slot: inout ConfigValue,
        location: SourceLocation) throws(ConfigIssue) -> ConfigValue
    {
        guard let step = path.first else { return slot }
        if path.count == 1 {
            switch (step, slot) {
            case (.key(let k), .hash(let h)): return h[k] ?? .undef
            case (.index(let i), .array(let a)): return i < a.count ? a[i] : .undef
            // perl autovivifies every level above the one it reads
            case (.key, .undef):
                slot = .hash([:])
                return .undef
            case (.index, .undef):
                slot = .array([])
                return .undef
            default: throw mismatch(step, slot, location)
            }
        }
        var result = ConfigValue.undef
        try descend(step, in: &slot, location: location) { (child: inout ConfigValue) throws(ConfigIssue) in
            result = try read(at: path.dropFirst(), in: &child, location: location)
        }
        return result
    }

    private static func delete(at path: ArraySlice<Step>, in dict: inout [String: ConfigValue],
        location: SourceLocation) throws(ConfigIssue)
    {
        guard let first = path.first, case .key(let key) = first else { return }
        if path.count == 1 {
            dict[key] = nil
            return
        }
        var slot = dict[key] ?? .undef
        dict[key] = nil
        defer { dict[key] = slot }
        try Self.delete(at: path.dropFirst(), in: &slot, location: location)
    }

    private static func delete(at path: ArraySlice<Step>, in slot: inout ConfigValue,
        location: SourceLocation) throws(ConfigIssue)
    {
        guard let step = path.first else { return }
        if path.count == 1 {
            guard case .key(let key) = step else {
                throw ConfigIssue("delete of an array element is not supported", at: location)
            }
            if case .undef = slot { slot = .hash([:]) }
            guard case .hash(var h) = slot else { throw mismatch(step, slot, location) }
            slot = .undef
            h[key] = nil
            slot = .hash(h)
            return
        }
        try descend(step, in: &slot, location: location) { (child: inout ConfigValue) throws(ConfigIssue) in
            try delete(at: path.dropFirst(), in: &child, location: location)
        }
    }

    /// Steps into a hash entry or array element (autovivifying undef into the container the step needs)
    /// and lets `body` change it in place.
    private static func descend(_ step: Step, in slot: inout ConfigValue, location: SourceLocation,
        _ body: (inout ConfigValue) throws(ConfigIssue) -> Void) throws(ConfigIssue)
    {
        switch (step, slot) {
        case (.key, .undef): slot = .hash([:])
        case (.index, .undef): slot = .array([])
        default: break
        }
        switch (step, slot) {
        case (.key(let key), .hash(var h)):
            slot = .undef
            var child = h.removeValue(forKey: key) ?? .undef
            defer {
                h[key] = child
                slot = .hash(h)
            }
            try body(&child)
        case (.index(let index), .array(var a)):
            slot = .undef
            while a.count <= index { a.append(.undef) }
            var child = a[index]
            a[index] = .undef
            defer {
                a[index] = child
                slot = .array(a)
            }
            try body(&child)
        default:
            throw mismatch(step, slot, location)
        }
    }

    private static func mismatch(_ step: Step, _ slot: ConfigValue, _ location: SourceLocation) -> ConfigIssue {
        let wanted = if case .key = step { "a hash" } else { "an array" }
        return ConfigIssue("cannot use \(slot.kindName) '\(slot.stringValue ?? "")' as \(wanted) reference (perl's strict refs)",
            at: location)
    }
}
