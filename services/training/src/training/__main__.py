"""Run the service: ``python -m training`` (host and port from settings)."""

import uvicorn

from training.bootstrap import create_app
from training.config import Settings


def main() -> None:
    settings = Settings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)


if __name__ == "__main__":
    main()
