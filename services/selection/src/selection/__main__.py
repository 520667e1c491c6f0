"""Run the service: ``python -m selection`` (host and port from settings)."""

import uvicorn

from selection.bootstrap import create_app
from selection.config import Settings


def main() -> None:
    settings = Settings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)


if __name__ == "__main__":
    main()
