"""Export a catalogue version (JSON: complete and re-importable; CSV/XLSX: one row per
indicator) and import such a file into a new draft.

Import reads and checks the whole file first and reports every problem with its row or path;
nothing is written unless the file is valid.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from catalogue.models import CatalogueVersion
from catalogue.selectors import scale_levels
from web import params
from web.cells import csv_cell, from_csv_cell, xlsx_cell
from web.spreadsheets import Limits, TooLarge, Unreadable, bounded_csv_rows, bounded_rows, check_xlsx

FORMAT = "uniform-catalogue"
FORMAT_VERSION = 1
ROW_COLUMNS = ["cluster_code", "cluster_title", "indicator_code", "indicator_text", "guidance"]
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_TEXT = 2000


# --------------------------------------------------------------------------- export


def export_data(version: CatalogueVersion) -> dict:
    clusters = list(version.clusters.prefetch_related("indicators"))
    levels = scale_levels(version)
    activities = list(version.activities.prefetch_related("indicators"))
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "programme": {"name": version.programme.name, "code": version.programme.code},
        "version": {
            "label": version.label,
            "status": version.status,
            "teacher_profile": version.teacher_profile,
            "mentor_profile": version.mentor_profile,
        },
        "scale": [
            {"value": lvl.value, "label": lvl.label, "description": lvl.description, "sufficient": lvl.is_sufficient}
            for lvl in levels
        ],
        "clusters": [
            {
                "code": c.code,
                "title": c.title,
                "description": c.description,
                "indicators": [{"code": i.code, "text": i.text, "guidance": i.guidance} for i in c.indicators.all()],
            }
            for c in clusters
        ],
        "activities": [
            {"title": a.title, "description": a.description, "indicators": [i.code for i in a.indicators.all()]}
            for a in activities
        ],
    }


def export_json(version: CatalogueVersion) -> bytes:
    return json.dumps(export_data(version), ensure_ascii=False, indent=2).encode("utf-8")


def export_rows(version: CatalogueVersion) -> list[list[str]]:
    rows = [ROW_COLUMNS]
    for cluster in version.clusters.prefetch_related("indicators"):
        for indicator in cluster.indicators.all():
            rows.append([cluster.code, cluster.title, indicator.code, indicator.text, indicator.guidance])
    return rows


def export_csv(version: CatalogueVersion) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows([csv_cell(value) for value in row] for row in export_rows(version))
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets Excel read the accents


def export_xlsx(version: CatalogueVersion) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Gedragsindicatoren"
    for row in export_rows(version):
        ws.append([xlsx_cell(value) for value in row])
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":  # a text that starts with "=" is text, never a formula
                cell.data_type = "s"
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDE", (12, 36, 14, 80, 60), strict=True):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- import


@dataclass
class Parsed:
    """A checked catalogue, ready to write; or the list of problems."""

    clusters: list[dict] = field(default_factory=list)
    scale: list[dict] | None = None
    activities: list[dict] = field(default_factory=list)
    teacher_profile: str = ""
    mentor_profile: str = ""
    errors: list[str] = field(default_factory=list)


def _text(value) -> str:
    """A value of the file as clean text (``web.params.text``: no control or bidi characters)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return params.text(value).strip()


LIMITS = {"code": 20, "title": 200, "label": 80}


def _too_long(parsed: Parsed, where: str, **fields) -> None:
    for name, value in fields.items():
        limit = LIMITS[name]
        if len(value) > limit:
            parsed.errors.append(
                _("%(where)s: %(field)s is longer than %(n)s characters.") % {"where": where, "field": name, "n": limit}
            )


def _check_texts(parsed: Parsed) -> None:
    seen_clusters, seen_indicators = set(), set()
    for c in parsed.clusters:
        where = c["where"]
        if not c["code"]:
            parsed.errors.append(_("%(where)s: the cluster code is empty.") % {"where": where})
        elif c["code"] in seen_clusters:
            parsed.errors.append(_("%(where)s: cluster code %(code)s appears twice.") % {"where": where, "code": c["code"]})
        seen_clusters.add(c["code"])
        _too_long(parsed, where, code=c["code"], title=c["title"])
        if not c["title"]:
            parsed.errors.append(_("%(where)s: the cluster title is empty.") % {"where": where})
        for i in c["indicators"]:
            where = i["where"]
            if not i["code"]:
                parsed.errors.append(_("%(where)s: the indicator code is empty.") % {"where": where})
            elif i["code"] in seen_indicators:
                parsed.errors.append(_("%(where)s: indicator code %(code)s appears twice.") % {"where": where, "code": i["code"]})
            seen_indicators.add(i["code"])
            _too_long(parsed, where, code=i["code"])
            if not i["text"]:
                parsed.errors.append(_("%(where)s: the indicator text is empty.") % {"where": where})
            if len(i["text"]) > MAX_TEXT or len(i["guidance"]) > MAX_TEXT:
                parsed.errors.append(_("%(where)s: a text is longer than %(n)s characters.") % {"where": where, "n": MAX_TEXT})
    if not parsed.clusters:
        parsed.errors.append(_("The file contains no indicators."))
    for a in parsed.activities:
        if not a["title"]:
            parsed.errors.append(_("%(where)s: the activity title is empty.") % {"where": a["where"]})
        _too_long(parsed, a["where"], title=a["title"])
        for code in a["indicators"]:
            if code not in seen_indicators:
                parsed.errors.append(
                    _("%(where)s: indicator %(code)s does not exist in this file.") % {"where": a["where"], "code": code}
                )
    if parsed.scale is not None:
        if not 2 <= len(parsed.scale) <= 7:
            parsed.errors.append(_("The rating scale needs between 2 and 7 levels (now %(n)s).") % {"n": len(parsed.scale)})
        for level in parsed.scale:
            if not level["label"]:
                parsed.errors.append(_("%(where)s: the level label is empty.") % {"where": level["where"]})
            _too_long(parsed, level["where"], label=level["label"])


def parse_json(raw: bytes) -> Parsed:
    parsed = Parsed()
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except RecursionError:
        parsed.errors.append(_("This JSON file is nested too deeply to be a catalogue."))
        return parsed
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        parsed.errors.append(_("This is not a valid JSON file (%(error)s).") % {"error": error})
        return parsed
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        parsed.errors.append(_("This JSON file is not a Uniform catalogue export."))
        return parsed

    def as_list(value, where):
        if value is None:
            return []
        if not isinstance(value, list):
            parsed.errors.append(_("%(where)s must be a list.") % {"where": where})
            return []
        return value

    version = data.get("version") or {}
    if not isinstance(version, dict):
        parsed.errors.append(_("version must be an object."))
        version = {}
    parsed.teacher_profile = _text(version.get("teacher_profile"))
    parsed.mentor_profile = _text(version.get("mentor_profile"))
    for ci, c in enumerate(as_list(data.get("clusters"), "clusters"), start=1):
        if not isinstance(c, dict):
            parsed.errors.append(_("clusters[%(n)s] is not an object.") % {"n": ci})
            continue
        cluster = {"code": _text(c.get("code")), "title": _text(c.get("title")),
                   "description": _text(c.get("description")), "where": f"clusters[{ci}]", "indicators": []}
        for ii, i in enumerate(as_list(c.get("indicators"), f"clusters[{ci}].indicators"), start=1):
            if not isinstance(i, dict):
                parsed.errors.append(_("clusters[%(c)s].indicators[%(i)s] is not an object.") % {"c": ci, "i": ii})
                continue
            cluster["indicators"].append({"code": _text(i.get("code")), "text": _text(i.get("text")),
                                          "guidance": _text(i.get("guidance")),
                                          "where": f"clusters[{ci}].indicators[{ii}]"})
        parsed.clusters.append(cluster)
    if "scale" in data:
        parsed.scale = []
        for li, lvl in enumerate(as_list(data.get("scale"), "scale"), start=1):
            if not isinstance(lvl, dict):
                parsed.errors.append(_("scale[%(n)s] is not an object.") % {"n": li})
                continue
            parsed.scale.append({"label": _text(lvl.get("label")), "description": _text(lvl.get("description")),
                                 "sufficient": bool(lvl.get("sufficient")), "where": f"scale[{li}]"})
    for ai, a in enumerate(as_list(data.get("activities"), "activities"), start=1):
        if not isinstance(a, dict):
            parsed.errors.append(_("activities[%(n)s] is not an object.") % {"n": ai})
            continue
        parsed.activities.append({"title": _text(a.get("title")), "description": _text(a.get("description")),
                                  "indicators": [_text(code) for code in as_list(a.get("indicators"), f"activities[{ai}].indicators")],
                                  "where": f"activities[{ai}]"})
    _check_texts(parsed)
    return parsed


def _parse_rows(rows: list[list], first_row_number: int = 1, *, quoted: bool = False) -> Parsed:
    """``quoted``: the cells are a CSV's, where ``export_csv`` quoted those a spreadsheet would
    take for a formula (``web.cells.csv_cell``); that quote is taken off again."""
    parsed = Parsed()
    if not rows:
        parsed.errors.append(_("The file is empty."))
        return parsed
    header = [_text(h).lower() for h in rows[0]]
    missing = [c for c in ROW_COLUMNS[:4] if c not in header]
    if missing:
        parsed.errors.append(
            _("Row %(row)s: missing column(s) %(cols)s. Expected: %(expected)s.")
            % {"row": first_row_number, "cols": ", ".join(missing), "expected": ", ".join(ROW_COLUMNS)}
        )
        return parsed
    col = {name: header.index(name) for name in ROW_COLUMNS if name in header}
    clusters: dict[str, dict] = {}
    for offset, row in enumerate(rows[1:], start=1):
        number = first_row_number + offset
        values = {name: _text(row[i]) if i < len(row) else "" for name, i in col.items()}
        if quoted:
            values = {name: from_csv_cell(value) for name, value in values.items()}
        if not any(values.values()):
            continue  # blank line
        where = _("Row %(row)s") % {"row": number}
        code = values["cluster_code"]
        cluster = clusters.get(code)
        if cluster is None:
            cluster = {"code": code, "title": values["cluster_title"], "description": "", "where": where, "indicators": []}
            clusters[code] = cluster
        elif values["cluster_title"] and values["cluster_title"] != cluster["title"]:
            parsed.errors.append(
                _("%(where)s: cluster %(code)s has another title than on %(first)s.")
                % {"where": where, "code": code, "first": cluster["where"].lower()}
            )
        cluster["indicators"].append({"code": values["indicator_code"], "text": values["indicator_text"],
                                      "guidance": values.get("guidance", ""), "where": where})
    parsed.clusters = list(clusters.values())
    _check_texts(parsed)
    return parsed


#: Caps on an uploaded sheet (a catalogue is a few hundred indicators): rows, blank ones too.
SHEET_LIMITS = Limits(max_rows=5000, max_columns=20, max_cells=100_000)


def _too_large(error: TooLarge) -> Parsed:
    parsed = Parsed()
    parsed.errors.append(error.message)
    return parsed


def parse_csv(raw: bytes) -> Parsed:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        parsed = Parsed()
        parsed.errors.append(_("The CSV file is not UTF-8 text."))
        return parsed
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";"
    try:
        rows = list(bounded_csv_rows(csv.reader(io.StringIO(text), delimiter=delimiter), SHEET_LIMITS))
    except TooLarge as error:
        return _too_large(error)
    except csv.Error as error:
        parsed = Parsed()
        parsed.errors.append(_("The CSV file cannot be read (%(error)s).") % {"error": error})
        return parsed
    return _parse_rows(rows, quoted=True)


def parse_xlsx(raw: bytes) -> Parsed:
    from openpyxl import load_workbook

    deadline = SHEET_LIMITS.deadline()
    try:
        # Sizes, rows (blank ones too), cells and time, before openpyxl reads anything.
        check_xlsx(raw, SHEET_LIMITS, deadline)
    except TooLarge as error:
        return _too_large(error)
    except Unreadable:
        parsed = Parsed()
        parsed.errors.append(_("This is not a readable XLSX file."))
        return parsed
    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        parsed = Parsed()
        parsed.errors.append(_("This is not a readable XLSX file."))
        return parsed
    try:
        ws = wb.worksheets[0]
        rows = [list(r) for r in bounded_rows(ws, SHEET_LIMITS, deadline)]
    except TooLarge as error:
        return _too_large(error)
    except Exception:  # noqa: BLE001 - a damaged sheet inside a valid zip
        parsed = Parsed()
        parsed.errors.append(_("This is not a readable XLSX file."))
        return parsed
    finally:
        wb.close()
    return _parse_rows(rows)


def parse_upload(name: str, raw: bytes) -> Parsed:
    """Pick the reader by content (and name): JSON, XLSX (a zip) or CSV."""
    if len(raw) > MAX_UPLOAD_BYTES:
        parsed = Parsed()
        parsed.errors.append(_("The file is larger than 2 MB."))
        return parsed
    lower = name.lower()
    if raw[:2] == b"PK" or lower.endswith(".xlsx"):
        return parse_xlsx(raw)
    if raw.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] in (b"{", b"[") or lower.endswith(".json"):
        return parse_json(raw)
    return parse_csv(raw)
