"""Run the portal: ``python -m portal`` (host and port from settings)."""

import uvicorn

from portal.bootstrap import create_app
from portal.config import Settings


def main() -> None:
    settings = Settings()
    # No access log: a sign-in link's path holds its token (the portal logs each request
    # itself, by route, in portal.api.middleware).
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
    )


if __name__ == "__main__":
    main()
