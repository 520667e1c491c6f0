"""Background loops of the notifications service (each spawned by the bootstrap)."""
