"""Run the service: ``python -m notifications`` (host and port from settings)."""

import uvicorn

from notifications.bootstrap import create_app
from notifications.config import Settings


def main() -> None:
    settings = Settings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)


if __name__ == "__main__":
    main()
