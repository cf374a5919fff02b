"""Writes of retention: the coordinator's policy and privacy contact, legal holds, and the daily
job that removes what has expired (ADR 0023)."""

from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.purge import guards_lifted
from evaluations.evaluation.services import reseal_after_purge
from retention import purge, selectors
from retention.models import LegalHold, PrivacyContact, RecordType, RetentionDone, RetentionRule, RetentionRun
from retention.rules import ANCHORS, DEFAULTS, INTERNSHIP_TYPES, MAXIMUM, RECORD_TYPES, Rule
from tenancy.models import Network

log = logging.getLogger(__name__)
T = RecordType

#: A reference end of an internship to compare two rules by (the order does not depend on it
#: for whole school years; for days and months it is the usual end of a school year).
_REFERENCE_END = date(2027, 6, 30)


# --------------------------------------------------------------------------- the policy


def validate_policy(rules: dict[str, Rule]) -> None:
    """Refuse a policy that breaks the rules of ADR 0023, each message under its kind."""
    errors: dict[str, list[str]] = {}
    for t, rule in rules.items():
        if t not in DEFAULTS:
            raise ValidationError(_("Unknown kind of record."))
        if rule.anchor not in ANCHORS[t]:
            errors.setdefault(t, []).append(_("This kind of record is counted from %(anchor)s.") % {
                "anchor": ", ".join(str(a.label) for a in ANCHORS[t])})
        if rule.unit not in MAXIMUM:
            errors.setdefault(t, []).append(_("Choose days, months or school years."))
        elif not 0 <= rule.amount <= MAXIMUM[rule.unit]:
            errors.setdefault(t, []).append(_("At most 50 years."))
    if not errors:
        end = _REFERENCE_END
        if rules[T.SENSITIVE_DOCUMENTS].expires(end) > rules[T.DOCUMENTS].expires(end):
            errors.setdefault(T.SENSITIVE_DOCUMENTS, []).append(_(
                "Criminal record extracts and health assessments are kept no longer than the other documents."))
        if rules[T.DECISIONS].expires(end) < rules[T.EVALUATIONS].expires(end):
            errors.setdefault(T.DECISIONS, []).append(_("The decision is kept at least as long as the evaluation's texts."))
        if rules[T.DECISIONS].expires(end) < date(2028, 8, 31):
            errors.setdefault(T.DECISIONS, []).append(_(
                "The decision is kept at least until the end of the next school year (appeals, the school's records)."))
    if errors:
        raise ValidationError({f"{t}_amount": messages for t, messages in errors.items()})


@transaction.atomic
def policy_save(*, network: Network, rules: dict[str, Rule], by) -> None:
    """The coordinator saves every kind's rule at once; a refused rule saves none."""
    full = {**selectors.policy_of(network), **rules}
    validate_policy(full)
    now = timezone.now()
    for t, rule in rules.items():
        RetentionRule.objects.update_or_create(
            network=network, record_type=t,
            defaults={"anchor": rule.anchor, "amount": rule.amount, "unit": rule.unit, "changed_by": by, "changed_at": now},
        )


@transaction.atomic
def defaults_set(*, network: Network) -> None:
    """Write the defaults as the network's rules where it has none (the demo)."""
    for t, rule in DEFAULTS.items():
        RetentionRule.objects.get_or_create(network=network, record_type=t,
                                            defaults={"anchor": rule.anchor, "amount": rule.amount, "unit": rule.unit})


@transaction.atomic
def contact_save(*, network: Network, name: str, email: str, phone: str = "", organisation: str = "") -> PrivacyContact:
    contact = PrivacyContact.objects.filter(network=network).first() or PrivacyContact(network=network)
    contact.name, contact.email, contact.phone, contact.organisation = name.strip(), email.strip(), phone.strip(), organisation.strip()
    contact.full_clean()
    contact.save()
    return contact


# --------------------------------------------------------------------------- legal holds


@transaction.atomic
def hold_place(*, by, reason: str, student=None, internship=None) -> LegalHold:
    """A school admin stops the retention job (and erasure) for a student or one internship."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the hold.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("At most 2000 characters.")})
    if (student is None) == (internship is None):
        raise ValidationError(_("A hold is on a student or on one internship."))
    school = student.school if student is not None else internship.school
    hold = LegalHold(network_id=school.network_id, student=student, internship=internship, reason=reason,
                     placed_by=by, placed_at=timezone.now())
    hold.full_clean()
    hold.save()
    return hold


@transaction.atomic
def hold_lift(*, hold: LegalHold, by) -> LegalHold:
    """Lift a hold; who lifted it and when stay on the row."""
    if not LegalHold.objects.filter(pk=hold.pk, lifted_at__isnull=True).update(lifted_at=timezone.now(), lifted_by=by):
        raise ValidationError(_("This hold was lifted already."))
    hold.refresh_from_db()
    return hold


# --------------------------------------------------------------------------- the daily job


def _purge_type(t: str, items: list) -> int:
    if t in (T.SENSITIVE_DOCUMENTS, T.DOCUMENTS):
        (documents, _l1), (versions, _l2) = items
        return purge.delete_document_files(documents, versions)
    if t == T.SHEETS:
        (sheets, _l1), (activities, _l2) = items
        return purge.blank_sheets(sheets, activities, **selectors.sheet_parts(sheets))
    if t == T.HOURS:
        return purge.delete_hours(items[0][0])
    if t == T.VISITS:
        return purge.blank_visits(items[0][0]) + purge.blank_intakes(items[1][0])
    if t == T.EVALUATIONS:
        n = purge.blank_evaluations(items[0][0], remarks=selectors.cluster_remarks(items[0][0]))
        reseal_after_purge(items[0][0])  # the signatures cover what is left, as after an erasure
        return n
    if t == T.DECISIONS:
        n = purge.clear_decisions(items[0][0])
        reseal_after_purge(items[0][0])
        return n
    if t == T.HISTORY:
        return sum(purge.delete_history(qs) for qs, _lookup in items)
    raise ValueError(t)


def _documents_of(internships, sensitive: list[int], t: str):
    """Every required document of that kind (with a file or not: the versions hang on them)."""
    documents = selectors.documents_of(internships)
    return documents.filter(document_type_id__in=sensitive) if t == T.SENSITIVE_DOCUMENTS else documents.exclude(
        document_type_id__in=sensitive)


def _apply_network(network: Network, today: date, *, dry_run: bool) -> RetentionRun:
    run = RetentionRun.objects.create(network=network, day=today, started_at=timezone.now(), dry_run=dry_run)
    rules = selectors.policy_of(network)
    sensitive = selectors.sensitive_type_ids(network)
    counts: dict[str, int] = {}
    held: set = set()
    with transaction.atomic(), guards_lifted():
        for t in INTERNSHIP_TYPES:
            due = list(selectors.due_internships(network, rules[t], today, today).values_list("pk", flat=True))
            held |= set(selectors.due_internships(network, rules[t], today, today, held=True).values_list("pk", flat=True))
            if not due:
                counts[t] = 0
                continue
            internships = selectors.internships_by_pk(due)
            items = selectors.items_of(t, internships, sensitive)
            if dry_run:
                counts[t] = sum(qs.count() for qs, _lookup in items)
                continue
            if t in (T.SENSITIVE_DOCUMENTS, T.DOCUMENTS):
                items = [(_documents_of(internships, sensitive, t), "internship"), items[1]]
            counts[t] = _purge_type(t, items)
            RetentionDone.objects.bulk_create([RetentionDone(internship_id=pk, record_type=t, done_on=today) for pk in due],
                                              ignore_conflicts=True)
        for t in RECORD_TYPES:
            rows = selectors.record_rows(network, rules[t], today)
            if dry_run:
                counts[t] = rows.count()
            elif t == T.AUDIT:  # guards_lifted() lets the audit rows go too
                counts[t] = rows.delete()[0]
            elif t == T.EXPORTS:
                jobs = list(rows)
                purge.delete_files_on_commit((job.file.storage, job.file.name) for job in jobs if job.file)
                counts[t] = rows.model.objects.filter(pk__in=[j.pk for j in jobs]).delete()[0] if jobs else 0
            else:
                counts[t] = rows.delete()[0]
        if not dry_run:
            selectors.orphan_digests(today).delete()
    RetentionRun.objects.filter(pk=run.pk).update(counts=counts, skipped_on_hold=len(held), finished_at=timezone.now())
    run.refresh_from_db()
    return run


def apply_retention(today: date | None = None, *, dry_run: bool = False, networks=None) -> list[RetentionRun]:
    """Remove (or blank) what has expired on ``today`` in every network (or those given),
    skipping what a legal hold keeps; one RetentionRun per network with the counts."""
    today = today or timezone.localdate()
    runs = []
    for network in networks if networks is not None else Network.objects.order_by("pk"):
        runs.append(_apply_network(network, today, dry_run=dry_run))
    return runs


def daily(today: date) -> int:
    """The scheduler's daily part: how many rows it removed in all."""
    return sum(sum(run.counts.values()) for run in apply_retention(today))
