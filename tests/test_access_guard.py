"""Reads in selectors, writes in services, rules in access: nothing else queries tenant models.

The guard walks the project's source with ``ast`` and reports every ``<Model>.objects`` (and
``<Model>._default_manager``) where ``<Model>`` is the class name of a model of one of the
project's apps. Selectors, services, the ``access`` package, the demo seeding and scripts are the
places allowed to query; migrations and tests are not application code.

``<Model>.objects.none()`` is not reported: it reads nothing (a form field declared before the
person's reach is known), so it cannot leak a row.

What is left elsewhere is in ``ALLOW_LIST`` with the reason it may stay; an entry that no longer
matches anything fails too, so the list only shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent

#: The project's apps (app config names; tenancy's label is 'uniform', childcare's 'mentors').
PROJECT_APPS = ("tenancy", "catalogue", "schools", "childcare", "internships", "evaluations", "training", "exports")

#: Directories that are not walked at all.
SKIPPED_DIRS = {".venv", "migrations", "tests", "access", "demo", "scripts", "services", "selectors",
                "node_modules", "static", "var", "locale", "__pycache__", ".git"}
SKIPPED_FILES = {"services.py", "selectors.py"}
#: Modules named as services or selectors of one part of an app (``evaluations/activity_services.py``).
SKIPPED_SUFFIXES = ("_services.py", "_selectors.py")

MANAGERS = ("objects", "_default_manager")

#: "path:Model" → why this use may stay.
ALLOW_LIST: dict[str, str] = {
    "evaluations/evaluation/models.py:Evaluation": (
        "the model's own integrity check: whether this very evaluation (or a rating's or remark's own "
        "evaluation) is signed and locked, before a save or delete"
    ),
    "catalogue/models.py:CatalogueVersion": (
        "the model's own integrity check: the stored status of this very version (and of the version of a "
        "cluster's or scale's parent) before a save, to refuse changing a published one"
    ),
    "catalogue/models.py:RatingScale": "the model's own integrity check: the version of this level's own scale",
    "childcare/models.py:SiteCapacity": (
        "the model's own validation: periods of the same site that overlap this one (clean())"
    ),
}


def project_model_names() -> set[str]:
    return {
        model.__name__
        for model in apps.get_models()
        if model._meta.app_config.name in PROJECT_APPS
    }


def find_queries(source: str, path: str, model_names: set[str]) -> list[tuple[str, int]]:
    """``(path:Model, line)`` for each ``Model.objects`` / ``Model._default_manager`` in ``source``."""
    tree = ast.parse(source, filename=path)
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr in MANAGERS and isinstance(node.value, ast.Name)):
            continue
        if node.value.id not in model_names:
            continue
        parent, grandparent = parents.get(node), parents.get(parents.get(node))
        if (
            isinstance(parent, ast.Attribute) and parent.attr == "none"
            and isinstance(grandparent, ast.Call) and grandparent.func is parent
        ):
            continue  # Model.objects.none() reads nothing
        found.append((f"{path}:{node.value.id}", node.lineno))
    return found


def project_sources():
    for file in sorted(ROOT.rglob("*.py")):
        rel = file.relative_to(ROOT)
        if any(part in SKIPPED_DIRS for part in rel.parts[:-1]) or rel.name in SKIPPED_FILES or rel.name.endswith(SKIPPED_SUFFIXES):
            continue
        yield rel.as_posix(), file.read_text(encoding="utf-8")


def scan() -> list[tuple[str, int]]:
    names = project_model_names()
    found = []
    for path, source in project_sources():
        found += find_queries(source, path, names)
    return found


def test_no_tenant_queries_outside_selectors_services_and_access():
    found = scan()
    offending = sorted(f"{key} (line {line})" for key, line in found if key not in ALLOW_LIST)
    assert not offending, (
        "Tenant models queried outside selectors/services/access; start from an access selector "
        "(or add a selector/service):\n" + "\n".join(offending)
    )


def test_allow_list_has_no_stale_entries_and_every_entry_has_a_reason():
    present = {key for key, _line in scan()}
    stale = sorted(set(ALLOW_LIST) - present)
    assert not stale, "Allow-listed but no longer present (remove them): " + ", ".join(stale)
    assert all(reason.strip() for reason in ALLOW_LIST.values())


def test_the_guard_reports_a_direct_query_in_a_view():
    source = (
        "from internships.models import Internship\n"
        "\n"
        "def detail(request, pk):\n"
        "    Internship.objects.none()\n"
        "    return Internship.objects.filter(pk=pk).first()\n"
    )
    found = find_queries(source, "internships/views.py", project_model_names())
    assert found == [("internships/views.py:Internship", 5)]
    assert "internships/views.py:Internship" not in ALLOW_LIST


def test_the_guard_reports_the_default_manager_and_knows_project_models_only():
    names = project_model_names()
    assert {"Internship", "Student", "Membership", "Site", "Course", "Programme"} <= names
    assert "ContentType" not in names
    source = "x = Student._default_manager.all()\ny = ContentType.objects.all()\n"
    assert find_queries(source, "schools/forms.py", names) == [("schools/forms.py:Student", 1)]
