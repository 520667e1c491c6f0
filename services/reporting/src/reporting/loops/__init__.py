"""Background loops of the reporting API process (each spawned by the bootstrap)."""
