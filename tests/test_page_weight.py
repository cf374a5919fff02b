"""What a phone loads (issue 20, ADR 0032): the subset of Bootstrap's CSS, and htmx only where used.

- Every Bootstrap class that a template, our Python or JavaScript (or a crispy-forms / allauth
  template the pages render) names is in the subset the pages load, so nobody ships an unstyled
  page. A class used for the first time: run ``.venv/bin/python scripts/css_subset.py``.
- A template with htmx attributes is only rendered inside a page that loads htmx
  (``{% block htmx %}``): the other pages go without it.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("css_subset", ROOT / "scripts" / "css_subset.py")
assert _spec and _spec.loader
css_subset = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(css_subset)

TOKEN = re.compile(r"[A-Za-z0-9_-]+")  # PurgeCSS's default extractor
SELECTOR = re.compile(r"([^{}]+)\{")
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")


def _selectors(css: str) -> list[set[str]]:
    """The classes of each selector of a stylesheet (at-rule preludes left out)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"url\([^)]*\)", "", css)
    return [set(CLASS.findall(selector)) for prelude in SELECTOR.findall(css) if not prelude.lstrip().startswith("@")
            for selector in prelude.split(",")]


def test_every_bootstrap_class_the_code_names_is_in_the_subset():
    selectors = _selectors(css_subset.SOURCE.read_text())
    bootstrap = set().union(*selectors)
    subset = set().union(*_selectors(css_subset.SUBSET.read_text()))
    assert subset < bootstrap and len(subset) > 300
    named: dict[str, str] = {name: "SAFELIST" for name in css_subset.SAFELIST["standard"]}
    for path in css_subset.content_files():
        for token in TOKEN.findall(path.read_text(errors="replace")):
            if token in bootstrap:
                named.setdefault(token, str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name))
    # A rule applies when every class of its selector is named somewhere (as PurgeCSS decides):
    # its classes must then be in the subset.
    needed = set().union(*(classes for classes in selectors if classes and classes <= named.keys()))
    missing = {name: named[name] for name in sorted(needed - subset)}
    assert not missing, (f"Bootstrap classes used but not in {css_subset.SUBSET.name} (where one is named): {missing}; "
                         "run .venv/bin/python scripts/css_subset.py")


def test_the_pages_load_the_subset_not_the_whole_of_bootstrap():
    base = (ROOT / "templates" / "base.html").read_text()
    assert "vendor/bootstrap/bootstrap.subset.min.css" in base
    assert "vendor/bootstrap/bootstrap.min.css" not in base


HTMX_ATTR = re.compile(r"\bhx-(get|post|put|patch|delete|trigger|boost|target|swap|select|include|vals|confirm)=")
INCLUDE = re.compile(r"""\{%\s*include\s+["']([^"']+)["']""")


def test_templates_with_htmx_attributes_are_only_rendered_in_pages_that_load_htmx():
    root = ROOT / "templates"
    templates = {str(p.relative_to(root)): p.read_text() for p in root.rglob("*.html")}
    included_by: dict[str, set[str]] = {}
    for name, text in templates.items():
        for target in INCLUDE.findall(text):
            included_by.setdefault(target, set()).add(name)
    loads = {name for name, text in templates.items() if "vendor/htmx/htmx.min.js" in text and "block htmx" in text}

    def pages(name: str, seen: frozenset = frozenset()) -> set[str]:
        parents = included_by.get(name, set()) - seen
        if not parents:
            return {name}
        return set().union(*(pages(parent, seen | {name}) for parent in parents))

    using = [name for name, text in templates.items() if HTMX_ATTR.search(text)]
    assert using, "no template uses htmx any more: drop it (static/vendor/htmx, block htmx)"
    without = {name: sorted(p for p in pages(name) if p not in loads) for name in using}
    without = {name: p for name, p in without.items() if p}
    assert not without, f"htmx attributes in pages that do not load htmx ({{% block htmx %}}): {without}"
