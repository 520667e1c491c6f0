"""What every service process needs identically: settings, logs, metrics, health, auth."""
