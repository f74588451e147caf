import ChatCore
import SysConfig

/// The Actions registered in `Frontend::Module`, `CustomerFrontend::Module` and `PublicFrontend::Module` of the
/// effective config, with the groups OTRS checks: an agent needs `rw` on one of `Group` or `ro` (or `rw`) on one
/// of `GroupRo`; with both empty every agent may open it.
struct ModuleRegistry {
    let config: LoadedConfig

    func isRegistered(_ action: String, in interface: Interface) -> Bool {
        guard let value = config.value(named: "\(interface.moduleRegistry)###\(action)") else { return false }
        if case .undef = value { return false }
        return true
    }

    func mayOpen(_ action: String, permissions: AgentPermissions) -> Bool {
        let group = strings("Frontend::Module###\(action)###Group")
        let groupRo = strings("Frontend::Module###\(action)###GroupRo")
        if group.isEmpty && groupRo.isEmpty { return true }
        if group.contains(where: { permissions.has(.rw, on: $0) }) { return true }
        return groupRo.contains { permissions.has(.ro, on: $0) }
    }

    func title(_ action: String, in interface: Interface) -> String {
        if case .string(let title)? = config.value(named: "\(interface.moduleRegistry)###\(action)###Title") { return title }
        return action
    }

    func description(_ action: String, in interface: Interface) -> String {
        if case .string(let text)? = config.value(named: "\(interface.moduleRegistry)###\(action)###Description") { return text }
        return ""
    }

    private func strings(_ name: String) -> [String] {
        guard case .array(let items)? = config.value(named: name) else { return [] }
        return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
    }
}
