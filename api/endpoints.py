"""The Uniform API (OpenAPI 3 at /api/openapi.json, interactive docs at /api/docs).

Thin: each endpoint reads through ``api.selectors`` (which start from the access selectors the
pages use) and writes through the apps' services. Every answer that is not 2xx is
``application/problem+json``. See docs/adr/0027-api.md."""

from __future__ import annotations

import datetime as dt
import uuid
from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone as django_timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from pydantic import AfterValidator

import access
from api import selectors
from api.auth import RateLimited, TokenAuth
from api.problems import PROBLEM, Problem, problem

MAX_ID = 2**31 - 1
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}
WRITE_ERRORS = ERRORS


class UniformAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Say what we send: the error answers are application/problem+json."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for code, response in operation.get("responses", {}).items():
                    if str(code)[0] in "45" and "application/json" in response.get("content", {}):
                        response["content"] = {PROBLEM: response["content"]["application/json"]}
        return schema

    def _get_urls(self):
        """/api/ itself leads to the interactive docs (ninja's own root is a bare 404)."""
        from django.shortcuts import redirect
        from django.urls import path

        docs = f"{self.urls_namespace}:openapi-view"
        return [path("", lambda request: redirect(docs), name="api-root") if getattr(u, "name", None) == "api-root" else u
                for u in super()._get_urls()]


api = UniformAPI(
    title="Uniform API", version="1", urls_namespace="api-v1", auth=TokenAuth(),
    description="Read what you see in Uniform, import class lists. Authenticate with a personal access token: "
                "`Authorization: Bearer unf_...` (make one under your account menu, API tokens).",
    docs=Swagger(settings={"persistAuthorization": False}), docs_url="/docs",
)


# --------------------------------------------------------------------------- errors


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problem(401, _("A valid API token is needed: Authorization: Bearer unf_... (it may have expired or been revoked)."))


@api.exception_handler(RateLimited)
def _rate_limited(request, exc):
    return problem(429, _("Too many requests with this token; try again later."), headers={"Retry-After": str(exc.retry_after)})


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem(404, _("Not found."))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return problem(403, str(exc) or _("You may not do this."))


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    errors = [{"loc": [str(part) for part in e.get("loc", ())], "message": str(e.get("msg", ""))} for e in exc.errors]
    return problem(422, _("The request is not valid."), errors=errors)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return problem(exc.status_code, str(exc))


def _write(request) -> None:
    if not access.token_may_write(request.auth):
        raise PermissionDenied(_("This token may only read."))


# --------------------------------------------------------------------------- paging


Limit = Annotated[int, Field(ge=1, le=200)]
Offset = Annotated[int, Field(ge=0, le=1_000_000)]


class PageParams(Schema):
    limit: Limit = 50
    offset: Offset = 0


def _moment(value: datetime | None) -> datetime | None:
    """A moment the database can compare: with a time zone (the site's when none is given), in
    the years 1900–9999 once in UTC (PostgreSQL refuses what Python cannot convert: a 500)."""
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=django_timezone.get_current_timezone())
    try:
        utc = value.astimezone(dt.UTC)
    except (OverflowError, ValueError) as error:
        raise ValueError("a moment between the years 1900 and 9999") from error
    if not 1900 <= utc.year <= 9999:
        raise ValueError("a moment between the years 1900 and 9999")
    return utc


Moment = Annotated[datetime | None, AfterValidator(_moment)]


class SinceParams(PageParams):
    updated_since: Moment = Field(None, description="Only what changed after this moment (ISO 8601).")


def _page(qs, params: PageParams, convert) -> dict:
    total = qs.count()
    items = [convert(obj) for obj in qs[params.offset:params.offset + params.limit]]
    return {"count": total, "limit": params.limit, "offset": params.offset, "results": items}


class Page(Schema):
    count: int
    limit: int
    offset: int


# --------------------------------------------------------------------------- internships


class StudentRef(Schema):
    id: uuid.UUID
    first_name: str
    last_name: str


class InternshipOut(Schema):
    id: uuid.UUID
    status: str
    start_date: date
    end_date: date
    required_hours: int
    hours_done: float
    school_id: int
    school: str
    site_id: int
    site: str
    student: StudentRef
    mentor: str | None
    teacher: str | None
    catalogue_version_id: int
    created_at: datetime


class InternshipPage(Page):
    results: list[InternshipOut]


def _person(user) -> str | None:
    return (user.get_full_name() or user.email) if user is not None else None


def _internship(i) -> dict:
    return {
        "id": i.pk, "status": i.status, "start_date": i.start_date, "end_date": i.end_date,
        "required_hours": i.required_hours, "hours_done": float(i.hours_done), "school_id": i.school_id,
        "school": i.school.name, "site_id": i.site_id, "site": i.site.name,
        "student": {"id": i.student.pk, "first_name": i.student.first_name, "last_name": i.student.last_name},
        "mentor": _person(i.mentor), "teacher": _person(i.teacher),
        "catalogue_version_id": i.catalogue_version_id, "created_at": i.created_at,
    }


@api.get("/internships", response={200: InternshipPage, **ERRORS}, tags=["internships"], url_name="internships")
def internships(request, params: Query[PageParams]):
    """The internships you see (as on your home page). No updated_since: an internship has no change time."""
    return _page(selectors.internships(request.user), params, _internship)


@api.get("/internships/{internship_id}", response={200: InternshipOut, **ERRORS}, tags=["internships"], url_name="internship")
def internship(request, internship_id: uuid.UUID):
    return _internship(selectors.internship(request.user, internship_id))


class SheetOut(Schema):
    id: uuid.UUID
    date: dt.date
    date_end: dt.date | None
    status: str
    strengths: str
    work_points: str
    agreements: str
    reflection: str
    submitted_at: datetime | None
    shared_at: datetime | None
    updated_at: datetime


class SheetPage(Page):
    results: list[SheetOut]


def _sheet(s) -> dict:
    return {f: getattr(s, f) for f in SheetOut.model_fields if f != "id"} | {"id": s.pk}


@api.get("/internships/{internship_id}/feedback-sheets", response={200: SheetPage, **ERRORS}, tags=["internships"],
         url_name="feedback_sheets")
def feedback_sheets(request, internship_id: uuid.UUID, params: Query[SinceParams]):
    """The feedback sheets of an internship that you see (a mentor's draft only to its mentor)."""
    found = selectors.internship(request.user, internship_id)
    return _page(selectors.feedback_sheets(request.user, found, params.updated_since), params, _sheet)


class EvaluationOut(Schema):
    id: uuid.UUID
    kind: str
    number: int
    created_at: datetime
    locked_at: datetime | None
    mentor_advice: str | None = Field(description="null when your role does not see the mentor's part yet")
    school_assessment: str | None
    decision: str | None
    conversation_date: date | None
    mentor_signed_at: datetime | None
    mentor_signed_digest: str = Field(description="SHA-256 of what the mentor signed (ADR 0011); empty until signed")
    teacher_signed_at: datetime | None
    teacher_signed_digest: str = Field(description="SHA-256 of what the school signed; empty until signed")


class EvaluationPage(Page):
    results: list[EvaluationOut]


@api.get("/internships/{internship_id}/evaluations", response={200: EvaluationPage, **ERRORS}, tags=["internships"],
         url_name="evaluations")
def evaluations(request, internship_id: uuid.UUID, params: Query[PageParams]):
    """Evaluations of an internship; the parts your role may not read yet are null (as on the page)."""
    found = selectors.internship(request.user, internship_id)

    def convert(e) -> dict:
        rights = access.evaluation_rights(request.user, e)
        return {
            "id": e.pk, "kind": e.kind, "number": e.number, "created_at": e.created_at, "locked_at": e.locked_at,
            "mentor_advice": e.mentor_advice if rights.see_mentor_part else None,
            "school_assessment": e.school_assessment if rights.see_school_part else None,
            "decision": e.decision if rights.see_school_part else None,
            "conversation_date": e.conversation_date if rights.see_school_part else None,
            "mentor_signed_at": e.mentor_signed_at, "mentor_signed_digest": e.mentor_signed_digest,
            "teacher_signed_at": e.teacher_signed_at, "teacher_signed_digest": e.teacher_signed_digest,
        }

    return _page(selectors.evaluations(request.user, found).select_related("internship"), params, convert)


# --------------------------------------------------------------------------- schools


SchoolId = Annotated[int, Path(ge=1, le=MAX_ID)]


class StudentOut(Schema):
    id: uuid.UUID
    first_name: str
    last_name: str
    email: str
    date_of_birth: date | None
    group_id: int | None
    student_number: str = Field("", description="The number of the school's own system (stamnummer), matched by the import.")
    is_archived: bool


class StudentPage(Page):
    results: list[StudentOut]


class GroupOut(Schema):
    id: int
    name: str
    school_year: str
    programme_id: int | None


class GroupPage(Page):
    results: list[GroupOut]


def _fields(schema):
    return lambda obj: {f: getattr(obj, f) for f in schema.model_fields}


@api.get("/schools/{school_id}/students", response={200: StudentPage, **ERRORS}, tags=["schools"], url_name="students")
def students(request, school_id: SchoolId, params: Query[PageParams]):
    """Students of a school you work at: all of them for its admins, a teacher's own. No updated_since: no change time."""
    school = selectors.school(request.user, school_id)
    return _page(selectors.students(request.user, school), params, _fields(StudentOut))


@api.get("/schools/{school_id}/groups", response={200: GroupPage, **ERRORS}, tags=["schools"], url_name="groups")
def groups(request, school_id: SchoolId, params: Query[PageParams]):
    school = selectors.school(request.user, school_id)
    return _page(selectors.groups(request.user, school), params, _fields(GroupOut))


class ImportIn(Schema):
    school_year: str = Field(min_length=1, max_length=20, examples=["2026-2027"])
    programme_id: int | None = Field(None, ge=1, le=MAX_ID, description="The programme of groups the import creates")
    csv: str = Field(min_length=1, max_length=2_000_000, description="The class list as CSV text, with the header row "
                     "of the upload page (first name, last name, group, email, date of birth)")


class ImportOut(Schema):
    created: int
    updated: int
    unchanged: int
    groups_created: int


@api.post("/schools/{school_id}/students/import", response={200: ImportOut, **WRITE_ERRORS}, tags=["schools"],
          url_name="students_import")
def students_import(request, school_id: SchoolId, body: ImportIn):
    """The class list upload of the school page, in one call: the same checks; every bad row is listed
    (422, ``errors``) and nothing is written. A student already there is matched, not added twice."""
    _write(request)
    from schools import io as schools_io
    from schools import selectors as school_selectors
    from schools import services as school_services

    school = selectors.school(request.user, school_id)
    if not access.can_manage_school(request.user, school.pk):
        raise PermissionDenied(_("Only the school's admins import class lists."))
    programme = None
    if body.programme_id is not None:
        programme = school_selectors.school_programmes([school]).filter(pk=body.programme_id).first()
        if programme is None:
            return problem(422, _("This programme is not one of the school's."), errors=[{"loc": ["body", "programme_id"]}])
    table = schools_io.read_upload(body.csv.encode("utf-8"))
    plan = schools_io.plan_import(school=school, school_year=body.school_year.strip(), parsed=schools_io.validate(table))
    if plan.problems:
        return _bad_rows([(p.row, p.message) for p in plan.problems])
    try:
        result = school_services.import_students(
            school=school, school_year=body.school_year, programme=programme, table=table)
    except ValidationError as error:
        return _bad_rows([(None, message) for message in error.messages])
    return result.__dict__


def _bad_rows(rows) -> Any:
    return problem(422, _("The class list has errors; nothing was imported."),
                   errors=[{"row": row, "message": str(message)} for row, message in rows])


# --------------------------------------------------------------------------- catalogue


class ProgrammeOut(Schema):
    id: int
    name: str
    code: str


class ProgrammePage(Page):
    results: list[ProgrammeOut]


@api.get("/programmes", response={200: ProgrammePage, **ERRORS}, tags=["catalogue"], url_name="programmes")
def programmes(request, params: Query[PageParams]):
    return _page(selectors.programmes(request.user), params, _fields(ProgrammeOut))


@api.get("/programmes/{programme_id}/catalogue", response={200: dict[str, Any], **ERRORS}, tags=["catalogue"],
         url_name="catalogue")
def catalogue(request, programme_id: Annotated[int, Path(ge=1, le=MAX_ID)]):
    """The programme's published catalogue: the same JSON as the catalogue page's export."""
    from catalogue import io as catalogue_io

    return catalogue_io.export_data(selectors.published_version(request.user, programme_id))


# --------------------------------------------------------------------------- placements


class OfferOut(Schema):
    id: int
    period_id: int
    period: str
    site_id: int
    site: str
    places: int
    published_at: datetime


class OfferPage(Page):
    results: list[OfferOut]


class DemandOut(Schema):
    id: uuid.UUID
    period_id: int
    period: str
    school_id: int
    programme_id: int
    year: str
    students: int
    municipality: str
    site_kind: str
    note: str
    created_at: datetime


class DemandPage(Page):
    results: list[DemandOut]


class CreatedSinceParams(PageParams):
    created_since: Moment = Field(None, description="Only demand posted after this moment (a demand row has no change time).")


@api.get("/placements/offers", response={200: OfferPage, **ERRORS}, tags=["placements"], url_name="place_offers")
def place_offers(request, params: Query[SinceParams]):
    return _page(selectors.place_offers(request.user, params.updated_since), params, lambda o: {
        "id": o.pk, "period_id": o.period_id, "period": o.period.name, "site_id": o.site_id, "site": o.site.name,
        "places": o.capacity.places, "published_at": o.published_at,
    })


@api.get("/placements/demand", response={200: DemandPage, **ERRORS}, tags=["placements"], url_name="place_demands")
def place_demands(request, params: Query[CreatedSinceParams]):
    return _page(selectors.place_demands(request.user, params.created_since), params, lambda d: {
        **{f: getattr(d, f) for f in DemandOut.model_fields if f not in ("id", "period")}, "id": d.pk, "period": d.period.name,
    })
