"""Refusals of the notifications domain (turned into HTTP answers by the API layer)."""


class DomainError(Exception):
    """A request the rules refuse; ``code`` is machine-readable, ``field`` names the input."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
