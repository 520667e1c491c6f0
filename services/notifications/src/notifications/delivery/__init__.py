"""The delivery engine: a background worker that sends due webhooks and emails, with retries."""
