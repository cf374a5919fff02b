"""The progress grid writes nothing: it is read from feedback sheets and evaluations (selectors.py)."""
