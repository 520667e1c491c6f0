"""The portal's request bodies are HTML forms (``application/x-www-form-urlencoded``), each
defined by a question in ``portal.domain.questions`` (its fields' names, kinds and the
errors it answers); every form also carries ``csrf_token``. Its responses are pages."""

from portal.domain.questions import CHECK, QUESTIONS, SECTIONS, Field, Question

CSRF_FIELD = "csrf_token"

__all__ = ["CHECK", "CSRF_FIELD", "QUESTIONS", "SECTIONS", "Field", "Question"]
