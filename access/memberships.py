"""The person's active memberships and the ids they grant, read once per request."""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import Q, QuerySet
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]  # not in django-stubs
from django.db.models.sql.compiler import SQLCompiler

from access.policy import allows
from tenancy.models import Membership, Network, Role
from web.compiled_sql import STAND_IN_ID, PerConnection, bound, stand_in_position

_CACHE_ATTR = "_uniform_active_memberships"


def active_memberships(user) -> list[Membership]:
    """The person's active memberships (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = _fetch_memberships(user.pk)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def _memberships_query(user_id: int) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(user_id=user_id)
        .select_related("network", "organisation", "site", "site__organisation")
        .order_by("network__name", "role", "organisation__name", "site__name")
    )


# Every request of a logged-in person runs the query above; the ORM spent more CPU compiling
# its five tables, joins and ordering (~1.5 ms) than the database spent running it (~0.1 ms),
# issue 21. It is compiled once per database connection (web.compiled_sql) and run with the
# person's id; the rows become models the way Django's ModelIterable makes them
# (select_related's populators). The query itself, and so every access decision, still runs on
# every request.


class _CompiledMemberships(NamedTuple):
    sql: str
    params: tuple
    user_param: int
    compiler: SQLCompiler
    converters: dict
    init_list: list[str]
    start: int
    end: int
    populators: list


def _compile(db: str, connection) -> _CompiledMemberships:
    compiler = _memberships_query(STAND_IN_ID).query.get_compiler(using=db, connection=connection)
    sql, params = compiler.as_sql()
    params = tuple(params)
    user_param = stand_in_position(params)
    select, klass_info = compiler.select, compiler.klass_info
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    return _CompiledMemberships(
        sql=sql,
        params=params,
        user_param=user_param,
        compiler=compiler,
        converters=compiler.get_converters([s[0] for s in select[0 : compiler.col_count]]),
        init_list=[f[0].target.attname for f in select[start:end]],
        start=start,
        end=end,
        populators=get_related_populators(klass_info, select, db),
    )


_compiled = PerConnection(Membership, _compile)


def _fetch_memberships(user_id: int) -> list[Membership]:
    connection, plan = _compiled.get()
    db = connection.alias
    with connection.cursor() as cursor:
        cursor.execute(plan.sql, bound(plan.params, plan.user_param, user_id))
        rows = cursor.fetchall()
    if plan.converters:
        rows = list(plan.compiler.apply_converters(rows, plan.converters))
    memberships = []
    for row in rows:
        membership = Membership.from_db(db, plan.init_list, row[plan.start : plan.end])
        for populator in plan.populators:
            populator.populate(row, membership)
        memberships.append(membership)
    return memberships


def forget_memberships(user) -> None:
    """Drop the per-request cache (after a membership of this user changed)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _ids(user, role: str, attr: str) -> set[int]:
    return {getattr(m, attr) for m in active_memberships(user) if m.role == role and getattr(m, attr)}


def roles_of(user) -> set[str]:
    return {m.role for m in active_memberships(user)}


def holds(user, rule: str) -> bool:
    """Whether any of the person's active roles holds ``rule`` of the policy table: the gate of
    a page that is not about one object (the object's own check comes after)."""
    return allows(roles_of(user), rule)


#: Roles that see many students or change what a whole school, site or network relies on: they
#: log in with a second factor (architecture.md; enforced when settings.UNIFORM_REQUIRE_MFA).
MFA_ROLES = frozenset({Role.COORDINATOR, Role.SCHOOL_ADMIN, Role.CHILDCARE_ADMIN})


def must_use_mfa(user) -> bool:
    """Whether this person must set up two-step login before using the app: coordinators,
    school and childcare admins, and operators of the Django admin."""
    if not user.is_authenticated:
        return False
    return bool(user.is_staff or user.is_superuser or roles_of(user) & MFA_ROLES)


def network_ids_of(user) -> set[int]:
    return {m.network_id for m in active_memberships(user)}


def coordinator_network_ids(user) -> set[int]:
    return _ids(user, Role.COORDINATOR, "network_id")


def coordinated_network(user) -> Network | None:
    """The network a coordinator works for (the first, should they coordinate several)."""
    ids = coordinator_network_ids(user)
    return Network.objects.filter(pk__in=ids).order_by("pk").first() if ids else None


def school_admin_school_ids(user) -> set[int]:
    return _ids(user, Role.SCHOOL_ADMIN, "organisation_id")


def teacher_school_ids(user) -> set[int]:
    return _ids(user, Role.TEACHER, "organisation_id")


def student_school_ids(user) -> set[int]:
    return _ids(user, Role.STUDENT, "organisation_id")


def childcare_admin_org_ids(user) -> set[int]:
    return _ids(user, Role.CHILDCARE_ADMIN, "organisation_id")


def coach_site_ids(user) -> set[int]:
    return _ids(user, Role.COACH, "site_id")


def mentor_site_ids(user) -> set[int]:
    return _ids(user, Role.MENTOR, "site_id")


def _union(parts: list[Q]) -> Q | None:
    if not parts:
        return None
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def _filter(manager, parts: list[Q]) -> QuerySet:
    q = _union(parts)
    return manager.none() if q is None else manager.filter(q)
