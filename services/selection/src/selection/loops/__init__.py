"""Background loops of the selection service (each spawned by the bootstrap)."""
