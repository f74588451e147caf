// ChatEngine: filled by the domain/store issue.
