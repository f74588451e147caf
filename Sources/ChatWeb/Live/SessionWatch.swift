import ChatEngine

/// Sessions that end elsewhere (logout in another tab or node, expiry, and with single sign-on the ticket
/// system's logout) close this node's sockets of that session without waiting for their next command:
/// every open session is looked at once per `ChatEngine::Directory::SessionCheckInterval` (at most a
/// minute), without counting as activity.
struct SessionWatch {
    let env: WebEnvironment

    func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(min(60, env.settings.directory.sessionCheckInterval)))
            for token in env.hub.sessionTokens() where !Task.isCancelled {
                do {
                    if try await env.engine.sessions.session(token, watching: true) == nil { env.hub.endSession(token) }
                } catch {
                    continue  // the store cannot answer now: nobody's session ends for that
                }
            }
        }
    }
}
