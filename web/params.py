"""The one cleaning of text that comes from outside: a request, an uploaded file.

``text(value)`` drops what nobody types and what breaks the places text goes to:

* NUL and the other C0 control characters (but tab, newline and carriage return) and DEL:
  PostgreSQL refuses NUL in any string (a search for ``?q=%00`` was a 500), XLSX (XML) cannot
  hold the others, and a calendar or a terminal may act on them;
* the bidirectional embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069):
  a U+202E in a name turned it around in lists and PDF headers (the marks U+200E/U+200F, which
  only say which way a neutral character goes, stay).

``CleanInputMiddleware`` (web/middleware.py) passes every key and value of ``request.GET`` and
``request.POST`` (and the names of uploaded files) through ``text``, so no view, form or library
view (allauth, the admin) sees them. Uploaded files' cells are cleaned by their readers
(``catalogue/io.py``, ``schools/io.py``). ``get_text`` is the way for a view to read one
parameter outside a form: cleaned, stripped and bounded. ADR 0013; tests/test_every_parameter.py.
"""

from __future__ import annotations

import re

#: C0 controls but tab (\x09), newline (\x0a) and carriage return (\x0d); DEL.
CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
#: Bidirectional embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI).
BIDI = "\u202a-\u202e\u2066-\u2069"
UNWANTED = re.compile(f"[{CONTROL}{BIDI}]")
#: The control characters alone: what a spreadsheet (XML 1.0) or a calendar (RFC 5545) cannot hold.
CONTROLS = re.compile(f"[{CONTROL}]")


def text(value) -> str:
    """``value`` as text without control characters (but tab and line breaks) and bidi controls."""
    if value is None:
        return ""
    value = str(value)
    return UNWANTED.sub("", value) if UNWANTED.search(value) else value


def needs_cleaning(value: str) -> bool:
    return UNWANTED.search(value) is not None


def get_text(query, key: str, default: str = "", *, max_length: int = 200) -> str:
    """One parameter of ``request.GET`` or ``request.POST`` as clean, stripped text of at most
    ``max_length`` characters (``default`` when it is absent)."""
    value = query.get(key)
    if value is None:
        return default
    return text(value).strip()[:max_length]


def get_list(query, key: str, *, max_length: int = 200) -> list[str]:
    """All values of a repeated parameter (``?id=1&id=2``), each cleaned like ``get_text``."""
    return [text(value).strip()[:max_length] for value in query.getlist(key)]
