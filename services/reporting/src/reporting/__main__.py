"""Run the API: ``python -m reporting`` (host and port from settings).

The projections are kept by the faust worker, ``python -m reporting.worker``; rebuild
them from offset zero with ``python -m reporting.rebuild``.
"""

import uvicorn

from reporting.bootstrap import create_app
from reporting.config import Settings


def main() -> None:
    settings = Settings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)


if __name__ == "__main__":
    main()
