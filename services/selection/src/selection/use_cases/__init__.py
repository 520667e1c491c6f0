"""What the selection service does: each use case runs in one transaction (a route's, a
handler's or a loop's unit of work), with its events in the outbox."""
