"""School pages: the school admin manages groups and students (and imports them); teachers
read the groups they teach.

Views are thin: find the object through ``access`` (not yours → 404), check that the
person may manage the school (→ 403), call a service, and redirect with a message. A service's
refusal becomes a form error or a message, never an error page.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

import access
from audit import services as audit
from schools import io as schools_io
from schools import selectors, services
from schools.forms import GroupForm, ImportForm, StudentForm, check_school_year
from schools.models import Group, Student
from web import params
from web.pages import context_of

PAGE_SIZE = 25

# --------------------------------------------------------------------------- lookups


def _group(request, pk, *, manage: bool = False) -> Group:
    group = get_object_or_404(access.groups_visible_to(request.user).select_related("school", "programme"), pk=pk)
    if manage and not access.can_manage_school(request.user, group.school_id):
        raise PermissionDenied
    return group


def _student(request, pk, *, manage: bool = False) -> Student:
    student = get_object_or_404(access.students_visible_to(request.user).select_related("school", "group"), pk=pk)
    if manage and not access.can_manage_school(request.user, student.school_id):
        raise PermissionDenied
    return student


def _form_page(request, form, *, title: str, school=None, group=None, student=None, status=200):
    return render(
        request, "schools/form_page.html",
        {"form": form, "title": title, "school": school, "group": group, "student": student},
        status=status,
    )


# --------------------------------------------------------------------------- reading


@login_required
@require_safe
def index(request):
    if not access.can_open_schools(request.user):
        raise PermissionDenied
    return render(request, "schools/index.html", context_of(selectors.schools_overview(request.user)))


@login_required
@require_safe
def group_detail(request, pk):
    group = _group(request, pk)
    search = params.get_text(request.GET, "q", max_length=100)
    show_archived = request.GET.get("archived") == "1"
    students = selectors.group_students(group, search=search, show_archived=show_archived)
    page = Paginator(students, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in (("q", search), ("archived", "1" if show_archived else "")) if v}
    context = {
        "group": group,
        "page": page,
        "search": search,
        "show_archived": show_archived,
        "query": urlencode(query),
        "teachers": list(group.teachers.order_by("full_name", "email")),
        "can_manage": access.can_manage_school(request.user, group.school_id),
        "accounts": selectors.account_states(request.user, page.object_list),
    }
    return render(request, "schools/group_detail.html", context)


@login_required
@require_safe
def group_overview(request, pk):
    """Each student's internship in the group at a glance, with the reasons to worry."""
    group = _group(request, pk)
    internships = selectors.group_overview(group, visible=access.internships_visible_to(request.user))
    return render(request, "schools/group_overview.html", {"group": group, "internships": internships})


@login_required
@require_safe
def student_detail(request, pk):
    student = _student(request, pk)
    audit.record(request, audit.What.RECORD, student=student)
    internships = access.internships_with_people(
        access.internships_visible_to(request.user).filter(student=student)
    )
    return render(
        request, "schools/student_detail.html",
        {"student": student, "internships": internships,
         "can_manage": access.can_manage_school(request.user, student.school_id),
         "account": selectors.account_states(request.user, [student]).get(student.pk)},
    )


# --------------------------------------------------------------------------- groups


@login_required
def group_add(request):
    schools = list(access.managed_schools(request.user).select_related("network").order_by("name"))
    if not schools:
        raise PermissionDenied
    chosen = next((s for s in schools if str(s.pk) == request.GET.get("school")), schools[0])
    initial = {"school": chosen.pk, "school_year": selectors.latest_school_year(chosen)}
    form = GroupForm(request.POST or None, schools=schools, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = services.group_create(
                school=data["school"], name=data["name"], school_year=data["school_year"],
                programme=data["programme"], teachers=data["teachers"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Group %(name)s created.") % {"name": group.name})
            return redirect("schools:group", pk=group.pk)
    return _form_page(request, form, title=_("New group"))


@login_required
def group_edit(request, pk):
    group = _group(request, pk, manage=True)
    initial = {
        "school": group.school_id, "name": group.name, "school_year": group.school_year,
        "programme": group.programme_id, "teachers": list(group.teachers.values_list("pk", flat=True)),
    }
    form = GroupForm(request.POST or None, schools=[group.school], initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.group_update(
                group=group, name=data["name"], school_year=data["school_year"],
                programme=data["programme"], teachers=data["teachers"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Group saved."))
            return redirect("schools:group", pk=group.pk)
    return _form_page(request, form, title=_("Edit group %(name)s") % {"name": group.name}, group=group)


# --------------------------------------------------------------------------- students


def _student_data(form) -> dict:
    data = form.cleaned_data
    return {key: data[key] for key in ("group", "first_name", "last_name", "email", "date_of_birth")}


@login_required
def student_add(request, pk):
    group = _group(request, pk, manage=True)
    form = StudentForm(request.POST or None, school=group.school, initial={"group": group.pk})
    if request.method == "POST" and form.is_valid():
        try:
            student = services.student_create(school=group.school, **_student_data(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s added to %(group)s.") % {"name": student.full_name, "group": student.group})
            return redirect("schools:group", pk=student.group_id)
    return _form_page(request, form, title=_("New student in %(group)s") % {"group": group.name}, group=group)


@login_required
def student_edit(request, pk):
    student = _student(request, pk, manage=True)
    audit.record(request, audit.What.RECORD, student=student, object_id="edit")
    initial = {
        "group": student.group_id, "first_name": student.first_name, "last_name": student.last_name,
        "email": student.email, "date_of_birth": student.date_of_birth,
    }
    form = StudentForm(request.POST or None, school=student.school, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.student_update(student=student, **_student_data(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Student saved."))
            return redirect("schools:student", pk=student.pk)
    return _form_page(
        request, form, title=_("Edit %(name)s") % {"name": student.full_name}, group=student.group, student=student
    )


@login_required
@require_POST
def student_archive(request, pk):
    student = _student(request, pk, manage=True)
    wanted = {"1": True, "0": False}.get(request.POST.get("archived", ""))
    if wanted is None:
        messages.error(request, _("Nothing was changed: archive or bring back?"))
    else:
        services.student_set_archived(student=student, archived=wanted)
        messages.success(
            request,
            (_("%(name)s is archived: hidden from the group's list, nothing is deleted.") if wanted
             else _("%(name)s is back in the group's list.")) % {"name": student.full_name},
        )
    return redirect("schools:student", pk=student.pk)


# --------------------------------------------------------------------------- import


def _session_key(school) -> str:
    return f"schools-import-{school.pk}"


@login_required
def import_students(request, pk):
    """Step 1 (upload): check the file, show every bad row or a preview of what will happen;
    the checked cells wait in the session. Step 2 (``confirm``): check them again and import."""
    school = selectors.school_for_staff(request.user, pk)
    if school is None:
        raise Http404
    if not access.can_manage_school(request.user, school.pk):
        raise PermissionDenied
    key = _session_key(school)
    if request.method == "POST" and request.POST.get("confirm"):
        return _import_confirm(request, school, key)

    programmes = list(selectors.school_programmes([school]))
    initial = {"school_year": selectors.latest_school_year(school),
               "programme": programmes[0].pk if len(programmes) == 1 else None}
    form = ImportForm(request.POST or None, request.FILES or None, school=school, initial=initial)
    context = {"form": form, "school": school, **_import_help()}
    status = 200
    if request.method == "POST" and form.is_valid():
        request.session.pop(key, None)
        table = schools_io.read_upload(form.cleaned_data["file"].read(schools_io.MAX_UPLOAD_BYTES + 1))
        plan = schools_io.plan_import(
            school=school, school_year=form.cleaned_data["school_year"], parsed=schools_io.validate(table)
        )
        context["plan"] = plan
        if plan.problems:
            status = 400
        else:
            programme = form.cleaned_data["programme"]
            request.session[key] = {
                "table": table.to_session(), "token": table.digest,
                "school_year": form.cleaned_data["school_year"], "programme": programme.pk if programme else None,
            }
            context.update(token=table.digest, school_year=form.cleaned_data["school_year"], programme=programme)
    return render(request, "schools/import.html", context, status=status)


def _import_help() -> dict:
    """The column names and an example row for the upload form, in the page's language."""
    columns = schools_io.headings()
    return {"columns": columns, "example": schools_io.example_row(),
            "english_columns": schools_io.COLUMNS if columns != schools_io.COLUMNS else None}


def _import_confirm(request, school, key):
    """Import what the preview showed: the cells kept in the session, checked all over again."""
    stored = request.session.get(key)
    if not isinstance(stored, dict) or not stored.get("token") or stored.get("token") != request.POST.get("token"):
        messages.error(request, _("This preview is no longer valid (another file was uploaded, or it expired). Upload the file again."))
        return redirect("schools:import", pk=school.pk)
    table = schools_io.Table.from_session(stored.get("table"))
    try:
        school_year = check_school_year(str(stored.get("school_year", "")))
    except ValidationError:
        table = schools_io.Table(error=_("The school year is missing; upload the file again."))
        school_year = ""
    programme = None
    if stored.get("programme") is not None:
        programme = selectors.school_programmes([school]).filter(pk=stored["programme"]).first()
        if programme is None:
            table = schools_io.Table(error=_("The programme for new groups no longer exists; upload the file again."))
    plan = schools_io.plan_import(school=school, school_year=school_year, parsed=schools_io.validate(table))
    if not plan.problems:
        try:
            result = services.import_students(school=school, school_year=school_year, programme=programme, table=table)
        except ValidationError as error:
            plan.problems = [schools_io.Problem(None, message) for message in error.messages]
        else:
            request.session.pop(key, None)
            messages.success(
                request,
                _("Import done: %(created)s new students, %(updated)s updated, %(unchanged)s unchanged, "
                  "%(groups)s new groups.")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged,
                   "groups": result.groups_created},
            )
            return redirect("schools:index")
    request.session.pop(key, None)
    form = ImportForm(school=school, initial={"school_year": school_year or selectors.latest_school_year(school),
                                              "programme": programme.pk if programme else None})
    return render(
        request, "schools/import.html",
        {"form": form, "school": school, "plan": plan, **_import_help()}, status=400,
    )
