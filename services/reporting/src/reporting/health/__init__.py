"""Platform health: every service's consumer lag, dead letters and outbox backlog."""
