"""Reporting's rules and value types: facts per event, outcomes, figures, the views it serves."""
