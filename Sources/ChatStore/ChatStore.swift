// ChatStore: filled by the domain/store issue.
