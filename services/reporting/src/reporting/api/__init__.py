"""The HTTP API: JSON reports, platform health and the operations dashboard."""
