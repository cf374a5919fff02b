"""One way to show a history (django-simple-history records) that people can read.

Each entry says who, when, what happened (created, changed, deleted: in the page's language)
and which field went from what to what, by the model field's ``verbose_name``; choices by their
label, links to other rows by their ``str``, dates as on the pages, long texts shortened. A
*reason* (a correction's, a rejection's) is taken out of the changes and shown on its own.

Reads stay few: per history table one query for the records (with their users and the record
each one is compared with), one for compared records outside the page, and one per model that
changed links point to. The template is ``templates/_history.html``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

#: How many characters of a long text an entry shows (the page of the object shows it whole).
TEXT_CHARS = 160
EMPTY = "–"


@dataclass
class FieldChange:
    name: str
    label: str
    old: str | None  # None: nothing recorded before (a new object): the template shows the value only
    new: str


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: object | None
    kind: str  # "+", "~", "-" (simple_history's history_type)
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""
    subject: str = ""  # what the entry is about, when one history holds several things
    record: object = None


def _action(kind: str, has_changes: bool) -> str:
    if kind == "+":
        return pgettext("history", "created")
    if kind == "-":
        return pgettext("history", "deleted")
    return pgettext("history", "changed") if has_changes else pgettext("history", "saved, nothing you see here changed")


def _with_previous(qs: QuerySet, limit: int) -> tuple[list, dict]:
    """The newest ``limit`` records of ``qs`` and {history_id: record} of the record before each
    one of the same object (two queries)."""
    H = qs.model
    earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
    )
    previous = H._base_manager.filter(earlier, id=OuterRef("id")).order_by("-history_date", "-history_id").values("history_id")[:1]
    records = list(
        qs.select_related("history_user").annotate(previous_id=Subquery(previous)).order_by("-history_date", "-history_id")[:limit]
    )
    known = {r.history_id: r for r in records}
    missing = {r.previous_id for r in records if r.previous_id and r.previous_id not in known}
    if missing:
        known.update(H._base_manager.in_bulk(missing))
    return records, known


def _text(value) -> str:
    return Truncator(" ".join(str(value).split())).chars(TEXT_CHARS)


def _format(model_field: models.Field, value, related: dict) -> str:
    if model_field.flatchoices and value is not None:
        labels = dict(model_field.flatchoices)
        if value in labels:  # the empty choice too ("not decided yet")
            return str(labels[value])
    if value is None or value == "":
        return EMPTY
    if model_field.is_relation:
        obj = related.get(model_field.related_model, {}).get(value)
        return _text(obj) if obj is not None else _("(removed)")
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "d/m/Y H:i")
    if isinstance(value, dt.date):
        return date_format(value, "d/m/Y")
    if isinstance(value, dt.time):
        return time_format(value, "H:i")
    if isinstance(value, Decimal | float):
        return floatformat(value, "-2")
    if isinstance(model_field, models.FileField):
        return _("a file") if value else EMPTY
    return _text(value)


def history_entries(
    sources: Iterable[tuple[QuerySet, Callable | None]] | QuerySet,
    *,
    exclude: Iterable[str] = (),
    hidden: Iterable[str] = (),
    on_create: Iterable[str] | None = None,
    reason_field: str | None = None,
    skip_unchanged: bool = False,
    limit: int = 100,
) -> list[HistoryEntry]:
    """The entries of one or more history querysets, newest first.

    ``sources``: a historical queryset, or pairs (queryset, describe) where ``describe(record)``
    names what the entry is about. ``exclude``: fields never shown (bookkeeping); ``hidden``:
    fields this person may not read (their changes are left out); ``on_create``: the fields an
    entry of a new object lists (default: every field that has a value); ``reason_field``: a
    field whose new value is the entry's reason; ``skip_unchanged``: leave out the saves that
    changed nothing shown (a sheet's autosaves of its texts, when only its course is shown)."""
    if isinstance(sources, QuerySet):
        sources = [(sources, None)]
    skip = set(exclude) | set(hidden)
    pending = []  # (record, describe, [(model_field, old, new)])
    wanted: dict[type, set] = defaultdict(set)
    for qs, describe in sources:
        records, known = _with_previous(qs, limit)
        model = qs.model.instance_type
        shown = [f for f in model._meta.concrete_fields if f.editable and not f.primary_key and f.name not in skip]
        for record in records:
            previous = known.get(record.previous_id) if record.previous_id else None
            rows = []
            if record.history_type == "~" and previous is not None:
                names = {c.field for c in record.diff_against(previous, included_fields=[f.name for f in shown]).changes}
                rows = [(f, getattr(previous, f.attname), getattr(record, f.attname)) for f in shown if f.name in names]
            elif record.history_type == "+" or (record.history_type == "~" and previous is None):
                # A change of an object made without a record (in bulk): what it holds now.
                create = set(on_create) if on_create is not None and record.history_type == "+" else None
                rows = [(f, None, getattr(record, f.attname)) for f in shown
                        if (create is None or f.name in create) and getattr(record, f.attname) not in (None, "")]
            for f, old, new in rows:
                if f.is_relation:
                    wanted[f.related_model].update(v for v in (old, new) if v is not None)
            pending.append((record, describe, rows, previous is None))
    related = {m: m._base_manager.in_bulk(pks) for m, pks in wanted.items()}
    entries = []
    for record, describe, rows, previous_missing in pending:
        reason = ""
        changes = []
        for f, old, new in rows:
            if f.name == reason_field:
                reason = str(new or "")
                continue
            # No record before it (a new object, or one made in bulk): the value, not a change.
            before = None if previous_missing else _format(f, old, related)
            changes.append(FieldChange(f.name, str(f.verbose_name), before, _format(f, new, related)))
        if skip_unchanged and record.history_type == "~" and not (changes or reason):
            continue
        entries.append(HistoryEntry(
            when=record.history_date, who=record.history_user, kind=record.history_type,
            action=_action(record.history_type, bool(changes or reason)), changes=changes, reason=reason,
            subject=describe(record) if describe else "", record=record,
        ))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
