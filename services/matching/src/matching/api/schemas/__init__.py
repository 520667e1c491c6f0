"""Request and response bodies (field names are the public contract)."""
