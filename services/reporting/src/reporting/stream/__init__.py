"""The faust worker that keeps the projections up to date from every event topic."""
