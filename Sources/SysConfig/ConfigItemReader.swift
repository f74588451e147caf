/// The OTRS 5 format: `<ConfigItem Name Required Valid>` with a `<Setting>` holding one of String,
/// Option, TextArea, Hash, Array, FrontendModuleReg, TimeWorkingHours, TimeVacationDays(OneTime), DateTime.
struct ConfigItemReader {
    let file: String

    func settings(in root: XMLElement) throws(ConfigIssue) -> [SettingDefinition] {
        var result: [SettingDefinition] = []
        for element in root.children where element.name == "ConfigItem" {
            result.append(try configItem(element))
        }
        return result
    }

    private func configItem(_ element: XMLElement) throws(ConfigIssue) -> SettingDefinition {
        let location = SourceLocation(file: file, line: element.line)
        guard let name = element.attribute("Name"), !name.isEmpty else {
            throw ConfigIssue("<ConfigItem> without a Name", at: location)
        }
        guard let content = element.firstChild(named: "Setting")?.children.first else {
            throw ConfigIssue("<ConfigItem> has no <Setting> content", at: location, setting: name)
        }
        let group = element.firstChild(named: "Group")?.text ?? ""
        let subGroup = element.firstChild(named: "SubGroup")?.text ?? ""
        return SettingDefinition(
            name: name,
            isValid: element.attribute("Valid") != "0",
            isRequired: element.attribute("Required") == "1",
            description: element.firstChild(named: "Description")?.text ?? "",
            navigation: subGroup.isEmpty ? group : group + "::" + subGroup,
            defaultValue: try value(of: content, setting: name),
            check: check(for: content),
            location: location
        )
    }

    private func value(of element: XMLElement, setting: String) throws(ConfigIssue) -> ConfigValue {
        switch element.name {
        case "String", "TextArea":
            return .string(element.text)
        case "Option":
            return .string(element.attribute("SelectedID") ?? "")
        case "Array":
            var items: [ConfigValue] = []
            for child in element.children where child.name == "Item" {
                items.append(try itemValue(child, setting: setting))
            }
            return .array(items)
        case "Hash":
            var dict: [String: ConfigValue] = [:]
            for child in element.children where child.name == "Item" {
                guard let key = child.attribute("Key") else {
                    throw ConfigIssue("<Item> inside <Hash> without a Key", at: loc(child), setting: setting)
                }
                dict[key] = try itemValue(child, setting: setting)
            }
            return .hash(dict)
        case "FrontendModuleReg":
            return Self.moduleRegistration(element, listNames: ["Group", "GroupRo", "NavBar"])
        case "TimeWorkingHours":
            var days: [String: ConfigValue] = [:]
            for day in element.children where day.name == "Day" {
                days[day.attribute("Name") ?? ""] = .array(day.children(named: "Hour").map { .string($0.text) })
            }
            return .hash(days)
        case "TimeVacationDays", "TimeVacationDaysOneTime":
            var tree: [String: ConfigValue] = [:]
            for item in element.children where item.name == "Item" {
                let keys = ["Year", "Month", "Day"].compactMap { item.attribute($0) }
                ConfigValue.insert(.string(item.text), at: keys[...], into: &tree)
            }
            return .hash(tree)
        case "DateTime":
            return .hash(Dictionary(element.children.map { ($0.name, .string($0.text)) }, uniquingKeysWith: { $1 }))
        default:
            throw ConfigIssue("unknown setting type <\(element.name)>", at: loc(element), setting: setting)
        }
    }

    /// An `Item` is text, or holds a nested `Hash` or `Array`.
    private func itemValue(_ item: XMLElement, setting: String) throws(ConfigIssue) -> ConfigValue {
        if let nested = item.children.first {
            return try value(of: nested, setting: setting)
        }
        return .string(item.text)
    }

    /// A FrontendModuleReg becomes a hash of its elements, as OTRS 5 deployed it: the elements that may
    /// repeat (Group, GroupRo, NavBar; inside NavBar Group and GroupRo; every list in Loader) are always
    /// arrays, even with one entry; an element with child elements becomes a hash.
    private static func moduleRegistration(_ element: XMLElement, listNames: Set<String>) -> ConfigValue {
        var dict: [String: ConfigValue] = [:]
        for child in element.children {
            let value: ConfigValue
            switch child.name {
            case "NavBar" where !child.children.isEmpty:
                value = moduleRegistration(child, listNames: ["Group", "GroupRo"])
            case "Loader":
                value = moduleRegistration(child, listNames: Set(child.children.map(\.name)))
            default:
                value = child.children.isEmpty ? .string(child.text) : moduleRegistration(child, listNames: [])
            }
            if listNames.contains(child.name) {
                var list = dict[child.name]?.arrayValue ?? []
                list.append(value)
                dict[child.name] = .array(list)
            } else {
                dict[child.name] = value
            }
        }
        return .hash(dict)
    }

    private func check(for content: XMLElement) -> ValueCheck? {
        switch content.name {
        case "String": ValueCheck(valueType: "String", regex: content.attribute("Regex"))
        case "TextArea": ValueCheck(valueType: "Textarea")
        case "Option":
            ValueCheck(valueType: "Select", options: content.children(named: "Item").compactMap { $0.attribute("Key") })
        default: nil
        }
    }

    private func loc(_ element: XMLElement) -> SourceLocation {
        SourceLocation(file: file, line: element.line)
    }
}
