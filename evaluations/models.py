"""Feedback sheets, activity lists and evaluations: built in later issues."""
