"""Notifications: who is told what, in the app and by mail (issue #15, ADR 0015).

The public face is ``notifications.services.notify``; see its module docstring.
"""
