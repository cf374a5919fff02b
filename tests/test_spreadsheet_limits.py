"""Issue 13: small crafted spreadsheets must not tie up a worker. A 44 KB student XLSX with 5M
blank rows took 9 s and 480 MB; a 20 KB one with one row of 5M empty cells 54 s and 1.6 GB; a
1 KB catalogue XLSX whose <dimension> and last row say row 1,048,576 took 28 s and 3 GB (so
measured on main before the fix). Unpacked size, rows (blank ones too), cells and time are now
bounded before openpyxl reads anything, and "file too large" says which.

The hostile files are made here (small compressed, huge unpacked). Each is read in a child
process with a 1.5 GB address-space cap and a timeout, which reports its time and peak memory.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalogue import io as catalogue_io
from schools import io as schools_io

ROOT = Path(__file__).resolve().parent.parent
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CATALOGUE = ["cluster_code", "cluster_title", "indicator_code", "indicator_text"]
STUDENTS = ["first_name", "last_name", "email", "group"]


def xlsx(header: list[str], body: bytes = b"", *, dimension: str = "", shared: bytes = b"") -> bytes:
    """A minimal workbook: one sheet, its first row ``header``, then ``body`` (raw row XML)."""
    cells = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(header))
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + f'<sheetData><row r="1">{cells}</row>'
    ).encode() + body + b"</sheetData></worksheet>"
    strings_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            + (f'<Override PartName="/xl/sharedStrings.xml" ContentType="{strings_type}"/>' if shared else "")
            + "</Types>"
        ))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ))
        archive.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{REL}">'
            '<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            + (f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>' if shared else "")
            + "</Relationships>"
        ))
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared:
            archive.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}">'.encode() + shared + b"</sst>")
    return out.getvalue()


HOSTILE = {
    # name: (reader, file, what the message names)
    "students: 5M blank rows": ("students", lambda: xlsx(STUDENTS, b"<row/>" * 5_000_000), "MB"),
    "students: 1M blank rows (6 MB unpacked)": ("students", lambda: xlsx(STUDENTS, b"<row/>" * 1_000_000), "rijen"),
    "students: one row of 5M empty cells": ("students", lambda: xlsx(STUDENTS, b"<row>" + b"<c/>" * 5_000_000 + b"</row>"), "cellen"),
    "students: 4M shared strings": ("students", lambda: xlsx(STUDENTS, shared=b"<si/>" * 4_000_000), "cellen"),
    "catalogue: a jump to row 1,048,576": (
        "catalogue",
        lambda: xlsx(CATALOGUE, b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>',
                     dimension="A1:XFD1048576"),
        "rijen",
    ),
    "catalogue: 400k rows of data": ("catalogue", lambda: xlsx(CATALOGUE, b"<row><c><v>1</v></c></row>" * 400_000), "rijen"),
    "catalogue: 5M blank rows": ("catalogue", lambda: xlsx(CATALOGUE, b"<row/>" * 5_000_000), "MB"),
}

CHILD = """
import json, os, resource, sys, time
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from django.utils import translation
resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))
reader, path = sys.argv[1], sys.argv[2]
raw = open(path, "rb").read()
start = time.monotonic()
with translation.override("nl"):
    try:
        if reader == "catalogue":
            from catalogue import io
            errors = io.parse_upload("catalogus.xlsx", raw).errors
        else:
            from schools import io
            errors = [io.read_upload(raw).error]
    except MemoryError:
        errors = ["MemoryError"]
seconds = time.monotonic() - start
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))  # this process only
print(json.dumps({"errors": errors, "seconds": seconds, "peak_mb": int(peak.split()[1]) / 1024}))
"""


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_crafted_xlsx_is_refused_quickly_and_clearly(case, tmp_path):
    reader, make, named = HOSTILE[case]
    raw = make()
    assert len(raw) < 200 * 1024, len(raw)  # small compressed
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(raw)
    env = {**os.environ, "UNIFORM_TESTING": "1"}
    try:
        done = subprocess.run(  # noqa: S603  (this interpreter, our code)
            [sys.executable, "-c", CHILD, reader, str(path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case}: still reading after 30 s")
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    message = " ".join(e for e in result["errors"] if e)
    assert "te groot" in message and named in message, result
    assert result["seconds"] < 5, result
    assert result["peak_mb"] < 250, result  # Django itself is about 60 MB


def test_the_caps_leave_real_files_alone():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(STUDENTS)
    for n in range(schools_io.MAX_ROWS):
        ws.append([f"Voornaam{n}", f"Achternaam{n}", f"leerling{n}@example.org", "7BKO-A"])
        if n % 100 == 0:
            ws.append([None, None, None, None])  # blank lines between the students are fine
    out = io.BytesIO()
    wb.save(out)
    table = schools_io.read_upload(out.getvalue())
    assert table.error == "" and len(table.rows) == schools_io.MAX_ROWS

    catalogue = xlsx(CATALOGUE, b"".join(
        f'<row><c t="inlineStr"><is><t>C{n // 20}</t></is></c><c t="inlineStr"><is><t>Cluster {n // 20}</t></is></c>'
        f'<c t="inlineStr"><is><t>I{n}</t></is></c><c t="inlineStr"><is><t>Indicator {n}</t></is></c></row>'.encode()
        for n in range(1000)
    ))
    parsed = catalogue_io.parse_xlsx(catalogue)
    assert not parsed.errors and sum(len(c["indicators"]) for c in parsed.clusters) == 1000


def test_blank_csv_lines_count_as_rows():
    parsed = catalogue_io.parse_upload("catalogus.csv", b"cluster_code;cluster_title;indicator_code;indicator_text\n" + b"\n" * 1_000_000)
    assert parsed.errors and "te groot" in parsed.errors[0] and "5.000 rijen" in parsed.errors[0]
    table = schools_io.read_upload(b"first_name;last_name;email;group\n" + b";;;\n" * 400_000)
    assert "te groot" in table.error and "10.001 rijen" in table.error


def test_reading_stops_at_the_time_cap(settings):
    settings.SPREADSHEET_READ_SECONDS = 0
    table = schools_io.read_upload(xlsx(STUDENTS, b"<row/>" * 50))
    assert "te groot" in table.error and "langer dan 0 seconden" in table.error


def test_a_zip_that_lies_about_its_sizes_is_still_bounded():
    """The sizes in the zip directory are only what the file says: a sheet that claims 1 KB
    and unpacks to 18 MB is refused too (zipfile stops at the claimed size and fails the CRC)."""
    from web import spreadsheets

    raw = xlsx(STUDENTS, b"<row/>" * 3_000_000)  # 18 MB: under 20 MB by itself
    limits = spreadsheets.Limits(max_rows=10**9, max_columns=30, max_cells=10**9, max_unpacked=5 * 1024 * 1024)
    patched = bytearray(raw)
    # Rewrite the declared size of the sheet (central directory) to 1 KB.
    archive = zipfile.ZipFile(io.BytesIO(raw))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    offset = raw.rfind(b"xl/worksheets/sheet1.xml") - 46  # its central directory entry
    assert patched[offset:offset + 4] == b"PK\x01\x02"
    patched[offset + 24: offset + 28] = (1024).to_bytes(4, "little")
    assert info.file_size > limits.max_unpacked
    with pytest.raises((spreadsheets.TooLarge, spreadsheets.Unreadable)):
        spreadsheets.check_xlsx(bytes(patched), limits)


# --------------------------------------------------------------------------- through the pages


def test_the_student_import_page_says_file_too_large(demo):
    from tenancy.models import Organisation

    admin = demo.client_for("schooladmin@uniform.demo")
    school = Organisation.objects.get(name__icontains="Lindeboom")
    response = admin.post(
        reverse("schools:import", args=[school.pk]),
        {"file": SimpleUploadedFile("leerlingen.xlsx", xlsx(STUDENTS, b"<row/>" * 1_000_000)), "school_year": "2026-2027"},
    )
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "Het bestand is te groot" in html and "lege rijen tellen ook mee" in html


def test_the_catalogue_import_page_says_file_too_large(demo):
    from catalogue.models import CatalogueVersion

    published = CatalogueVersion.objects.get(programme__network__slug="limburg", status="published")
    coordinator = demo.client_for("coordinator@uniform.demo")
    upload = SimpleUploadedFile(
        "catalogus.xlsx",
        xlsx(CATALOGUE, b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>', dimension="A1:XFD1048576"),
    )
    response = coordinator.post(reverse("catalogue:import", args=[published.programme_id]), {"label": "groot", "file": upload})
    assert response.status_code == 400
    assert "Het bestand is te groot" in response.content.decode()
