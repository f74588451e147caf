// ChatCore: filled by the domain/store issue.
