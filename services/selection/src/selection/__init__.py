"""The selection service: assessment, interviews and ranking to a programme's places."""
