"""What councils and operators can do: each use case runs in the request's one transaction
and hands back dataclasses from the store."""
