/// The OTRS 6+ format: `<Setting Name Required Valid>` with `<Value>` holding one `Item`, `Array` or `Hash`.
struct SettingsReader {
    let file: String

    func settings(in root: XMLElement) throws(ConfigIssue) -> [SettingDefinition] {
        var result: [SettingDefinition] = []
        for element in root.children where element.name == "Setting" {
            result.append(try setting(element))
        }
        return result
    }

    private func setting(_ element: XMLElement) throws(ConfigIssue) -> SettingDefinition {
        let location = SourceLocation(file: file, line: element.line)
        guard let name = element.attribute("Name"), !name.isEmpty else {
            throw ConfigIssue("<Setting> without a Name", at: location)
        }
        guard let valueElement = element.firstChild(named: "Value"),
            let content = valueElement.children.first
        else {
            throw ConfigIssue("<Setting> has no <Value> content", at: location, setting: name)
        }
        return SettingDefinition(
            name: name,
            isValid: element.attribute("Valid") != "0",
            isRequired: element.attribute("Required") == "1",
            description: element.firstChild(named: "Description")?.text ?? "",
            navigation: element.firstChild(named: "Navigation")?.text ?? "",
            defaultValue: try value(of: content, setting: name),
            check: content.name == "Item" ? check(for: content) : nil,
            location: location
        )
    }

    /// The value an `Item`, `Array` or `Hash` element stands for. `DefaultItem`s are templates for
    /// new entries in the GUI and no part of the value.
    private func value(of element: XMLElement, setting: String) throws(ConfigIssue) -> ConfigValue {
        switch element.name {
        case "Array":
            var items: [ConfigValue] = []
            // OTRS leaves an empty <Item></Item> out of an array (it stands for "no entries yet").
            for child in element.children where child.name == "Item" && !child.isEmpty {
                items.append(try value(of: child, setting: setting))
            }
            return .array(items)
        case "Hash":
            var dict: [String: ConfigValue] = [:]
            for child in element.children where child.name == "Item" {
                guard let key = child.attribute("Key") else {
                    throw ConfigIssue("<Item> inside <Hash> without a Key", at: loc(child), setting: setting)
                }
                dict[key] = try value(of: child, setting: setting)
            }
            return .hash(dict)
        case "Item":
            // A Select's value is its SelectedID; items of a hash whose DefaultItem is a Select carry
            // SelectedID without a ValueType of their own.
            if element.attribute("ValueType") == "Select" || element.attribute("SelectedID") != nil {
                return .string(element.attribute("SelectedID") ?? "")
            }
            switch element.attribute("ValueType") {
            case "WorkingHours": return workingHours(element)
            case "VacationDays", "VacationDaysOneTime": return vacationDays(element)
            default: break
            }
            if let nested = element.children.first(where: { $0.name != "DefaultItem" }) {
                return try value(of: nested, setting: setting)
            }
            return .string(element.text)
        default:
            throw ConfigIssue("unexpected <\(element.name)> in a value", at: loc(element), setting: setting)
        }
    }

    /// `<Item ValueType="Day" ValueName="Mon"><Item ValueType="Hour">8</Item>...`: day name → hours.
    private func workingHours(_ element: XMLElement) -> ConfigValue {
        var days: [String: ConfigValue] = [:]
        for day in element.children where day.name == "Item" {
            days[day.attribute("ValueName") ?? ""] = .array(day.children.filter { $0.name == "Item" }.map { .string($0.text) })
        }
        return .hash(days)
    }

    /// `<Item ValueYear ValueMonth ValueDay>name</Item>`: year → month → day → name (year only for one-time days).
    private func vacationDays(_ element: XMLElement) -> ConfigValue {
        var tree: [String: ConfigValue] = [:]
        for item in element.children where item.name == "Item" {
            let keys = ["ValueYear", "ValueMonth", "ValueDay"].compactMap { item.attribute($0) }
            ConfigValue.insert(.string(item.text), at: keys[...], into: &tree)
        }
        return .hash(tree)
    }

    /// Only a scalar item is checked; one that wraps a Hash or Array (FrontendRegistration, WorkingHours,
    /// ...) is a container.
    private func check(for item: XMLElement) -> ValueCheck? {
        let wrapsContainer = item.children.contains { $0.name != "Item" || $0.attribute("ValueType") != "Option" }
        if wrapsContainer { return nil }
        let type = item.attribute("ValueType") ?? "String"
        let options = item.children.filter { $0.name == "Item" && $0.attribute("ValueType") == "Option" }
            .compactMap { $0.attribute("Value") }
        return ValueCheck(valueType: type, options: options, regex: item.attribute("ValueRegex"))
    }

    private func loc(_ element: XMLElement) -> SourceLocation {
        SourceLocation(file: file, line: element.line)
    }
}
