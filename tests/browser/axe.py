"""axe-core in the browser tests (ADR 0020): run the WCAG 2.0–2.2 A/AA rules on a page and
report what fails in words a developer can act on (rule, element, page, role, viewport).

axe-core is vendored (tests/browser/vendor/axe-core/axe.min.js, MPL-2.0, version in its
header and in VERSION below): no network at test time. It is injected with ``page.evaluate``,
which runs in the page's main world without going through the page's Content-Security-Policy
(a ``<script>`` tag added by ``add_script_tag`` would be refused by ``script-src 'self'``).
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

VENDOR = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
VERSION = "4.14.1"
#: The WCAG A and AA rules of 2.0, 2.1 and 2.2 (axe's tags). Best practices are not failures.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_SOURCE: str | None = None


def source() -> str:
    global _SOURCE
    if _SOURCE is None:
        _SOURCE = VENDOR.read_text(encoding="utf-8")
        assert f"axe v{VERSION}" in _SOURCE[:200], f"{VENDOR} is not axe-core {VERSION}"
    return _SOURCE


_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
    // (elements that are off screen or hidden are axe's to judge; nothing excluded)
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary, html: n.html.slice(0, 160)})),
  }));
}"""


def violations(page: Page) -> list[dict]:
    """The WCAG A/AA violations on the page as it is now (axe injected if it is not there)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(source())
    return page.evaluate(_RUN, TAGS)


def describe(found: list[dict], where: str, limit: int = 5) -> list[str]:
    """One readable block per rule: what, where (selector) and why, at most ``limit`` elements."""
    lines = []
    for v in found:
        lines.append(f"{where}: [{v['id']}] {v['help']} ({v['impact']}, {len(v['nodes'])} element(s))")
        for node in v["nodes"][:limit]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {node['target']}  — {summary[:300]}")
            lines.append(f"      {node['html']}")
    return lines


def count(found: list[dict]) -> int:
    """Failing elements (axe's nodes), the audit's measure."""
    return sum(len(v["nodes"]) for v in found)
