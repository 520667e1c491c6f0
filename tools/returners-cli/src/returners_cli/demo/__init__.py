"""The live demo: a programme run end to end through the real public APIs."""
