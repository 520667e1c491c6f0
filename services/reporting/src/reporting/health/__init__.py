"""Platform health: every service's consumer lag, dead letters and outbox backlog, and the
notifications failing now."""
