"""Applicant emails: Jinja2 templates (plain text and HTML) and the message built from them."""
