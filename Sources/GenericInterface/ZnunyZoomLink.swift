/// The ticket system's own agent zoom, built from its `HttpType`, `FQDN` and `ScriptAlias`:
/// `https://znuny.example.com/otrs/index.pl?Action=AgentTicketZoom;TicketID=42`.
public enum ZnunyZoomLink {
    public static func agentTicketZoom(httpType: String, fqdn: String, scriptAlias: String, ticketID: Int64) -> String {
        var alias = scriptAlias.trimmingCharacters(in: "/")
        if !alias.isEmpty { alias += "/" }
        return "\(httpType == "https" ? "https" : "http")://\(fqdn)/\(alias)index.pl?Action=AgentTicketZoom;TicketID=\(ticketID)"
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return String(text)
    }
}
