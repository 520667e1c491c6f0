"""The applications domain: plain rules, no I/O."""
