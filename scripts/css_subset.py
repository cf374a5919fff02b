"""The subset of Bootstrap's CSS the pages use (issue 20, ADR 0032).

static/vendor/bootstrap/bootstrap.min.css is Bootstrap as released (the source, also used by the
health page); the pages load static/vendor/bootstrap/bootstrap.subset.min.css, which this script
writes with PurgeCSS (npm, pinned below, installed into var/node on the first run): every rule
whose classes occur in CONTENT (templates, our Python and JavaScript, the crispy-forms and
allauth templates the pages render), plus SAFELIST (classes built at run time, or set by
Bootstrap's own scripts). Run it after using a Bootstrap class that no page used before:

    .venv/bin/python scripts/css_subset.py

tests/test_page_weight.py fails when a template, Python or JavaScript file names a Bootstrap
class that the subset lacks (so nobody ships an unstyled page), or when the subset is not what
this script writes today.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PURGECSS = "purgecss@8.0.0"
NODE = ROOT / "var" / "node"
SOURCE = ROOT / "static" / "vendor" / "bootstrap" / "bootstrap.min.css"
SUBSET = ROOT / "static" / "vendor" / "bootstrap" / "bootstrap.subset.min.css"
SITE = Path(sysconfig.get_paths()["purelib"])

#: Where class names are written: our templates, Python and JavaScript, and the third-party
#: templates and Python the pages render (crispy-forms' Bootstrap 5 pack, allauth).
CONTENT_GLOBS = (
    "templates/**/*.html",
    "static/js/**/*.js",
    "*/**/*.py",
)
THIRD_PARTY = ("crispy_bootstrap5", "crispy_forms", "allauth")
SKIP_DIRS = {".venv", "var", "node_modules", "tests", "docs", "scripts", "static"}

#: Classes no file spells out whole.
SAFELIST = {
    # set by Bootstrap's scripts (collapse, dropdown, navbar, the dialogs' fade)
    "standard": ["show", "showing", "hiding", "collapsing", "collapse", "collapse-horizontal", "fade",
                 "dropdown-menu-end", "dropdown-menu-start", "dropup", "dropend", "dropstart"],
    # alert-{{ message.tags }} (Django's messages: debug, info, success, warning, error -> danger)
    # and the attributes Bootstrap's Popper placement sets on a dropdown menu
    "greedy": [r"^alert-(info|success|warning|danger)$", r"data-bs-popper"],
}


def content_files() -> list[Path]:
    files: list[Path] = []
    for pattern in CONTENT_GLOBS:
        for path in ROOT.glob(pattern):
            parts = path.relative_to(ROOT).parts
            if path.is_file() and not (set(parts[:-1]) & SKIP_DIRS):
                files.append(path)
    for package in THIRD_PARTY:
        for suffix in ("html", "py"):
            files.extend(p for p in (SITE / package).rglob(f"*.{suffix}") if "tests" not in p.parts)
    return sorted(set(files))


#: PurgeCSS's API (its command line reads a JavaScript config): the options as JSON on stdin,
#: the safelist's greedy patterns as regular expressions.
RUNNER = """
const { PurgeCSS } = require(process.argv[1]);
const options = JSON.parse(require("fs").readFileSync(0, "utf8"));
options.safelist.greedy = options.safelist.greedy.map((source) => new RegExp(source));
new PurgeCSS().purge(options).then((result) => process.stdout.write(result[0].css));
"""


def purgecss() -> Path:
    module = NODE / "node_modules" / "purgecss"
    if not module.exists():
        NODE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(NODE), "--no-audit", "--no-fund", PURGECSS],  # noqa: S603,S607
                       check=True)
    return module


def build() -> str:
    """The subset, as this script writes it (without writing it)."""
    options = json.dumps({
        "content": [str(p) for p in content_files()],
        "css": [str(SOURCE)],
        "safelist": SAFELIST,
        # every custom property, keyframe and font face stays: Bootstrap's rules read the :root variables
        "variables": False,
        "keyframes": False,
        "fontFace": False,
    })
    out = subprocess.run(["node", "-e", RUNNER, str(purgecss())], input=options,  # noqa: S603,S607
                         check=True, capture_output=True, text=True)
    css = out.stdout.strip()
    charset = '@charset "UTF-8";'
    header = ("/* Bootstrap v5.3 (MIT, see LICENSE): the subset Uniform's pages use, "
              "written by scripts/css_subset.py with " + PURGECSS + ". Do not edit. */\n")
    return charset + header + css.removeprefix(charset) + "\n"  # @charset must come first


def main() -> int:
    css = build()
    SUBSET.write_text(css)
    print(f"{SUBSET.relative_to(ROOT)}: {len(css.encode()) / 1024:.1f} KB (Bootstrap: {SOURCE.stat().st_size / 1024:.1f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
