"""The notifications domain: plain rules (routing, retries, address policy, wording), no I/O."""
