"""Background loops of the applications service (each a ``run``, spawned by the bootstrap)."""
