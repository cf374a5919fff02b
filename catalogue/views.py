"""Catalogue pages: browsing (everyone in the network) and the coordinator's editor.

Editor views are thin: find the object through ``access`` (not yours → 404), check the
coordinator's right (→ 403), call a service, and redirect back to the editor. With htmx, the
editor swaps only the item that was saved (the redirect's page is the source of the fragment).
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

import access
from catalogue import io, selectors, services
from catalogue.forms import (
    ActivityForm,
    ClusterForm,
    ImportForm,
    IndicatorForm,
    LevelForm,
    NewVersionForm,
    ProgrammeForm,
    ProgrammeRenameForm,
    VersionSettingsForm,
)
from catalogue.models import ActivityTemplate, CatalogueVersion, Cluster, Indicator, Programme, RatingLevel
from catalogue.templatetags.catalogue_editor import cluster_choices
from web.pages import context_of
from web.service_messages import run_service

# --------------------------------------------------------------------------- lookups


def _version(request, pk, *, edit=False) -> CatalogueVersion:
    version = get_object_or_404(
        access.catalogue_versions_visible_to(request.user).select_related("programme", "programme__network", "based_on"),
        pk=pk,
    )
    if edit and not access.can_edit_catalogue(request.user, version.programme.network_id):
        raise PermissionDenied
    return version


def _programme(request, pk) -> Programme:
    programme = get_object_or_404(access.programmes_visible_to(request.user).select_related("network"), pk=pk)
    if not access.can_edit_catalogue(request.user, programme.network_id):
        raise PermissionDenied
    return programme


def _part(request, model, pk):
    """A cluster, indicator, level or activity the coordinator may edit, with its version."""
    related = ["scale__version__programme"] if model is RatingLevel else ["version__programme"]
    obj = get_object_or_404(access.catalogue_parts_visible_to(request.user, model).select_related(*related), pk=pk)
    version = obj.scale.version if model is RatingLevel else obj.version
    if not access.can_edit_catalogue(request.user, version.programme.network_id):
        raise PermissionDenied
    return obj, version


def _editor_url(version, anchor: str = "", saved: str = "") -> str:
    url = reverse("catalogue:edit", args=[version.pk])
    if saved:
        url += f"?saved={saved}"
    return url + (f"#{anchor}" if anchor else "")


# --------------------------------------------------------------------------- browsing


@login_required
@require_safe
def index(request):
    programmes = list(selectors.programmes_with_versions(request.user))
    for programme in programmes:
        published = [v for v in programme.visible_versions if v.status == CatalogueVersion.Status.PUBLISHED]
        programme.current = max(published, key=lambda v: (v.published_at, v.pk), default=None)
        programme.can_edit = access.can_edit_catalogue(request.user, programme.network_id)
    can_create = access.can_create_programmes(request.user)
    return render(request, "catalogue/index.html", {"programmes": programmes, "can_create": can_create})


@login_required
@require_safe
def version_detail(request, pk):
    version = _version(request, pk)
    context = {
        "version": version,
        "can_edit": access.can_edit_catalogue(request.user, version.programme.network_id),
        **context_of(selectors.version_outline(version)),
    }
    return render(request, "catalogue/version_detail.html", context)


@login_required
@require_safe
def version_export(request, pk, fmt):
    version = _version(request, pk)
    name = slugify(f"{version.programme.code}-{version.label}")
    if fmt == "json":
        body, content_type = io.export_json(version), "application/json"
    elif fmt == "csv":
        body, content_type = io.export_csv(version), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body, content_type = io.export_xlsx(version), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# --------------------------------------------------------------------------- programmes and versions


@login_required
def programme_create(request):
    network = access.coordinated_network(request.user)
    if network is None:
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(network=network, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Programme %(name)s created. Start its first version.") % {"name": programme.name})
            return redirect("catalogue:version_new", pk=programme.pk)
    return render(request, "catalogue/form_page.html", {"form": form, "title": _("New programme")})


@login_required
def programme_edit(request, pk):
    programme = _programme(request, pk)
    form = ProgrammeRenameForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(programme=programme, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Programme saved."))
            return redirect("catalogue:index")
    return render(request, "catalogue/form_page.html", {"form": form, "title": _("Rename programme"), "programme": programme})


@login_required
def version_new(request, pk):
    programme = _programme(request, pk)
    initial = {}
    current = services.current_version(programme)
    if current:
        initial["based_on"] = current.pk
        if re.fullmatch(r"[0-9]{4}-[0-9]{4}", current.label):
            initial["label"] = f"{int(current.label[:4]) + 1}-{int(current.label[5:9]) + 1}"
    if request.GET.get("from"):
        initial["based_on"] = request.GET["from"]
    form = NewVersionForm(request.POST or None, programme=programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.version_create_draft(
                programme=programme, label=form.cleaned_data["label"], based_on=form.cleaned_data["based_on"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Draft %(label)s created.") % {"label": draft.label})
            return redirect("catalogue:edit", pk=draft.pk)
    return render(
        request, "catalogue/form_page.html", {"form": form, "title": _("New draft version"), "programme": programme}
    )


@login_required
def version_import(request, pk):
    programme = _programme(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parsed = io.parse_upload(upload.name, upload.read(io.MAX_UPLOAD_BYTES + 1))
        problems = parsed.errors
        if not problems:
            try:
                draft = services.import_draft(programme=programme, label=form.cleaned_data["label"], parsed=parsed, by=request.user)
            except ValidationError as error:
                problems = error.messages
            else:
                messages.success(
                    request,
                    _("Imported %(n)s indicators into draft %(label)s.")
                    % {"n": draft.indicators.count(), "label": draft.label},
                )
                return redirect("catalogue:edit", pk=draft.pk)
    return render(
        request,
        "catalogue/form_page.html",
        {"form": form, "title": _("Import into a new draft"), "programme": programme, "problems": problems,
         "multipart": True},
        status=400 if problems else 200,
    )


@login_required
@require_safe
def version_edit(request, pk):
    version = _version(request, pk, edit=True)
    if not version.is_draft:
        messages.info(request, _("A published version does not change. Start a new draft from it to make changes."))
        return redirect("catalogue:version", pk=version.pk)
    return _render_editor(request, version)


def _render_editor(request, version, problems=None, status=200):
    outline = selectors.editor_outline(version)
    context = {
        "version": version,
        "problems": problems or {},
        "saved": request.GET.get("saved", ""),
        "publication_problems": services.publication_problems(
            version,
            clusters=outline.clusters,
            indicators=[i for c in outline.clusters for i in c.indicators.all()],
            levels=outline.levels,
        ),
        **context_of(outline),
        "cluster_choices": cluster_choices(outline.clusters),
    }
    return render(request, "catalogue/editor.html", context, status=status)


def _problem(request, version, key, form, error=None, theirs=None):
    """Re-render the editor with what the person typed kept in the form that failed."""
    errors = []
    if error is not None:
        errors = error.messages if isinstance(error, ValidationError) else [str(error)]
    for field_errors in form.errors.values():
        errors += field_errors
    values = {name: form.data.get(name, "") for name in form.fields}
    if "is_sufficient" in form.fields:
        values["is_sufficient"] = bool(form.data.get("is_sufficient"))
    if theirs is not None:
        errors.insert(0, _("Someone else saved this in the meantime. Their version is shown below; your text is kept in the form. Save again to replace theirs."))
    problems = {key: {"errors": errors, "values": values, "theirs": theirs}}
    return _render_editor(request, version, problems, status=200 if request.htmx else 409 if theirs else 400)


def _save_item(request, version, key, form, save):
    """Validate ``form``, call ``save(cleaned_data)``; on success back to the editor."""
    if not version.is_draft:
        messages.error(request, _("A published catalogue version cannot be changed; start a new draft from it."))
        return redirect("catalogue:version", pk=version.pk)
    if not form.is_valid():
        return _problem(request, version, key, form)
    try:
        save(form.cleaned_data)
    except services.Conflict as conflict:
        form.data = form.data.copy()
        form.data["revision"] = conflict.current.revision
        return _problem(request, version, key, form, theirs=conflict.current)
    except ValidationError as error:
        return _problem(request, version, key, form, error)
    return redirect(_editor_url(version, key, saved=key))


@login_required
@require_POST
def version_settings(request, pk):
    version = _version(request, pk, edit=True)
    form = VersionSettingsForm(request.POST)
    return _save_item(
        request, version, "settings", form,
        lambda d: services.version_update_settings(
            version=version, revision=d["revision"], label=d["label"],
            teacher_profile=d["teacher_profile"], mentor_profile=d["mentor_profile"],
        ),
    )


def _redirect_with(request, version, action, success: str, anchor: str = ""):
    back = _editor_url(version, anchor) if version.is_draft else reverse("catalogue:version", args=[version.pk])
    return run_service(request, action, success=success, ok_url=back, error_url=back)


@login_required
@require_POST
def version_publish(request, pk):
    version = _version(request, pk, edit=True)
    detail = reverse("catalogue:version", args=[version.pk])
    return run_service(
        request, lambda: services.version_publish(version=version, by=request.user),
        success=_("Version %(label)s is published: new internships get it from now on.") % {"label": version.label},
        ok_url=detail, error_url=reverse("catalogue:diff", args=[version.pk]) if version.is_draft else detail,
    )


@login_required
@require_POST
def version_retire(request, pk):
    version = _version(request, pk, edit=True)
    detail = reverse("catalogue:version", args=[version.pk])
    return run_service(
        request, lambda: services.version_retire(version=version, by=request.user),
        success=_("Version %(label)s is retired.") % {"label": version.label}, ok_url=detail, error_url=detail,
    )


@login_required
@require_POST
def version_delete(request, pk):
    version = _version(request, pk, edit=True)
    return run_service(
        request, lambda: services.version_delete(version=version, by=request.user),
        success=_("Draft %(label)s deleted.") % {"label": version.label},
        ok_url=reverse("catalogue:index"), error_url=reverse("catalogue:version", args=[version.pk]),
    )


@login_required
@require_safe
def version_diff(request, pk):
    version = _version(request, pk, edit=True)
    diff = selectors.version_diff(version)
    problems = (
        services.publication_problems(
            version, clusters=diff.draft_clusters, indicators=diff.draft_indicators, levels=diff.draft_levels
        )
        if version.is_draft
        else []
    )
    return render(request, "catalogue/diff.html", {"version": version, "diff": diff, "publication_problems": problems})


@login_required
@require_safe
def version_history(request, pk):
    version = _version(request, pk, edit=True)
    return render(request, "catalogue/history.html", {"version": version, "entries": selectors.version_history(version)})


# --------------------------------------------------------------------------- parts of a draft


@login_required
@require_POST
def cluster_add(request, pk):
    version = _version(request, pk, edit=True)
    form = ClusterForm(request.POST)
    return _save_item(
        request, version, "add-cluster", form,
        lambda d: services.cluster_add(version=version, code=d["code"], title=d["title"], description=d["description"]),
    )


@login_required
@require_POST
def cluster_update(request, pk):
    cluster, version = _part(request, Cluster, pk)
    form = ClusterForm(request.POST)
    return _save_item(
        request, version, f"cluster-{cluster.pk}", form,
        lambda d: services.cluster_update(cluster=cluster, revision=d["revision"], code=d["code"], title=d["title"],
                                          description=d["description"]),
    )


@login_required
@require_POST
def cluster_delete(request, pk):
    cluster, version = _part(request, Cluster, pk)
    return _redirect_with(
        request, version, lambda: services.cluster_delete(cluster=cluster),
        _("Cluster %(code)s and its indicators deleted.") % {"code": cluster.code},
    )


@login_required
@require_POST
def indicator_add(request, pk):
    cluster, version = _part(request, Cluster, pk)
    form = IndicatorForm(request.POST)
    return _save_item(
        request, version, f"add-indicator-{cluster.pk}", form,
        lambda d: services.indicator_add(cluster=cluster, code=d["code"], text=d["text"], guidance=d["guidance"]),
    )


@login_required
@require_POST
def indicator_update(request, pk):
    indicator, version = _part(request, Indicator, pk)
    form = IndicatorForm(request.POST)

    def save(d):
        target = None
        if d.get("cluster"):
            target = selectors.version_cluster(version, d["cluster"])
            if target is None:
                raise ValidationError(_("That cluster belongs to another catalogue version."))
        return services.indicator_update(
            indicator=indicator, revision=d["revision"], code=d["code"], text=d["text"], guidance=d["guidance"],
            cluster=target,
        )

    return _save_item(request, version, f"indicator-{indicator.pk}", form, save)


@login_required
@require_POST
def indicator_delete(request, pk):
    indicator, version = _part(request, Indicator, pk)
    return _redirect_with(
        request, version, lambda: services.indicator_delete(indicator=indicator),
        _("Indicator %(code)s deleted.") % {"code": indicator.code}, f"cluster-{indicator.cluster_id}",
    )


@login_required
@require_POST
def level_add(request, pk):
    version = _version(request, pk, edit=True)
    form = LevelForm(request.POST)
    return _save_item(
        request, version, "add-level", form,
        lambda d: services.level_add(version=version, label=d["label"], description=d["description"],
                                     is_sufficient=d["is_sufficient"]),
    )


@login_required
@require_POST
def level_update(request, pk):
    level, version = _part(request, RatingLevel, pk)
    form = LevelForm(request.POST)
    return _save_item(
        request, version, f"level-{level.pk}", form,
        lambda d: services.level_update(level=level, revision=d["revision"], label=d["label"],
                                        description=d["description"], is_sufficient=d["is_sufficient"]),
    )


@login_required
@require_POST
def level_delete(request, pk):
    level, version = _part(request, RatingLevel, pk)
    return _redirect_with(request, version, lambda: services.level_delete(level=level), _("Level deleted."), "scale")


@login_required
@require_POST
def activity_add(request, pk):
    version = _version(request, pk, edit=True)
    form = ActivityForm(request.POST, version=version)
    return _save_item(
        request, version, "add-activity", form,
        lambda d: services.activity_add(version=version, title=d["title"], description=d["description"],
                                        indicator_ids=d["indicator_codes"]),
    )


@login_required
@require_POST
def activity_update(request, pk):
    activity, version = _part(request, ActivityTemplate, pk)
    form = ActivityForm(request.POST, version=version)
    return _save_item(
        request, version, f"activity-{activity.pk}", form,
        lambda d: services.activity_update(activity=activity, revision=d["revision"], title=d["title"],
                                           description=d["description"], indicator_ids=d["indicator_codes"]),
    )


@login_required
@require_POST
def activity_delete(request, pk):
    activity, version = _part(request, ActivityTemplate, pk)
    return _redirect_with(request, version, lambda: services.activity_delete(activity=activity), _("Activity deleted."), "activities")


PART_MODELS = {"cluster": Cluster, "indicator": Indicator, "level": RatingLevel, "activity": ActivityTemplate}


@login_required
@require_POST
def part_move(request, kind, pk):
    model = PART_MODELS.get(kind)
    if model is None:
        raise Http404
    item, version = _part(request, model, pk)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    return _redirect_with(request, version, lambda: services.move(item=item, direction=direction), "", f"{kind}-{item.pk}")


@login_required
@require_POST
def version_reorder(request, pk):
    """Drag and drop: the new order of one list, as ``ids``."""
    version = _version(request, pk, edit=True)
    kind = request.POST.get("kind", "")
    parent = request.POST.get("parent") or None
    try:
        ids = [int(i) for i in request.POST.getlist("ids")]
        parent_id = int(parent) if parent else None
        services.reorder(siblings=services.Siblings(version, kind, parent_id), ordered_ids=ids)
    except (ValueError, OverflowError, ValidationError) as error:
        message = " ".join(error.messages) if isinstance(error, ValidationError) else _("Invalid order.")
        if request.htmx or request.headers.get("X-Requested-With") == "fetch":
            return HttpResponse(message, status=400)
        messages.error(request, message)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return redirect(_editor_url(version))
