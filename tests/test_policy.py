"""The policy table is pinned: docs/access-policy-table.md is the reviewed copy of
access/policy.py. Code and access matrix both read the table, so a changed rule would keep them
green together; this test is red until the change is reviewed and the file regenerated
(``python manage.py access_policy_table``)."""

from pathlib import Path

from django.conf import settings

from access.policy import POLICY, RULES, as_markdown, parse_markdown

TABLE_FILE = Path(settings.BASE_DIR) / "docs" / "access-policy-table.md"


def _differences(committed: dict[str, frozenset[str]], current: dict[str, frozenset[str]]) -> list[str]:
    changes = []
    for rule in sorted(set(committed) | set(current)):
        if rule not in committed:
            changes.append(f"{rule}: new rule, held by {sorted(current[rule])}")
        elif rule not in current:
            changes.append(f"{rule}: removed (was held by {sorted(committed[rule])})")
        elif committed[rule] != current[rule]:
            added, removed = sorted(current[rule] - committed[rule]), sorted(committed[rule] - current[rule])
            changes.append(f"{rule}: added {added or 'none'}, removed {removed or 'none'}")
    return changes


def test_policy_table_matches_the_reviewed_file():
    committed = parse_markdown(TABLE_FILE.read_text())
    current = {rule: frozenset(str(role) for role in roles) for rule, roles in POLICY.items()}
    changes = _differences(committed, current)
    assert not changes, (
        "access/policy.py differs from docs/access-policy-table.md; review, then run "
        "`python manage.py access_policy_table`:\n  " + "\n  ".join(changes)
    )
    assert TABLE_FILE.read_text() == as_markdown(), "docs/access-policy-table.md: regenerate it (wording or order)"


def test_the_pin_names_exactly_the_changed_rule():
    committed = {"internship.read": frozenset({"coach", "mentor"}), "hours.confirm": frozenset({"mentor"}), "x.y": frozenset()}
    changed = {"internship.read": frozenset({"mentor"}), "hours.confirm": frozenset({"mentor", "student"}), "x.z": frozenset()}
    assert _differences(committed, changed) == [
        "hours.confirm: added ['student'], removed none",
        "internship.read: added none, removed ['coach']",
        "x.y: removed (was held by [])",
        "x.z: new rule, held by []",
    ]
    assert parse_markdown(as_markdown()) == {rule: frozenset(map(str, roles)) for rule, roles in POLICY.items()}


def test_every_rule_says_what_it_means():
    assert all(meaning for _, meaning in RULES.values())
