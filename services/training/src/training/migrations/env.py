from returners_platform.service.migrations import run_alembic_env

run_alembic_env()
