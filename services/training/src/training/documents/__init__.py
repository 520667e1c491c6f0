"""Documents the training service renders: the returner's updating record (PDF)."""
