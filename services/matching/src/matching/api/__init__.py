"""HTTP entry points: translate requests, call the use cases, translate answers."""
