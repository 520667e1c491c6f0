"""The notifications service: applicant emails over SMTP, signed council webhooks, dead letters."""
