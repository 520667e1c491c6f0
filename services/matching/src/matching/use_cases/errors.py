"""Why a use case refuses: machine-readable codes the API turns into HTTP answers."""


class Refused(Exception):
    """The rules refuse the request. With ``field`` it is about one field of the body (422),
    without it the request conflicts with the current state (409)."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class NotFoundError(Exception):
    """No such object for this caller (deliberately the same whether it exists elsewhere)."""
