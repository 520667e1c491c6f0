"""What the HTTP routes do: each use case runs in the request's one transaction."""
