"""Background loops of the matching service (each spawned by the bootstrap)."""
