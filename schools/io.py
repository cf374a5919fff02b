"""Import of students from CSV or XLSX: read the file, check every row, plan what happens.

Three steps, each usable alone:

* ``read_upload(raw)`` turns the bytes into a :class:`Table` (the cells as text, with their
  row numbers). Type by content: XLSX is a zip (``PK``), anything else is CSV (UTF-8, with
  or without BOM, ``;`` or ``,``).
* ``validate(table)`` checks every row and returns :class:`Parsed`: clean rows and a problem
  for *every* bad row (row number and reason).
* ``plan_import(school=..., school_year=..., parsed=...)`` compares the rows with the school's
  groups and students: new student, update, unchanged, new group.

The preview shows the plan; the import (``schools.services.import_students``) validates and
plans the same table again inside its transaction and writes nothing if anything is wrong.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from schools.models import Group, Student
from web import params
from web.spreadsheets import Limits, TooLarge, Unreadable, bounded_csv_rows, bounded_rows, check_xlsx

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_XLSX_UNPACKED = 20 * 1024 * 1024  # a 2 MB zip that unpacks to more is not a class list
MAX_COLUMNS = 30
#: Caps on an uploaded sheet: rows counted blank ones too (a header, MAX_ROWS students and room
#: for empty lines between them), every cell counted, 10 s to read (web.spreadsheets).
SHEET_LIMITS = Limits(
    max_rows=MAX_ROWS * 5 + 1, max_columns=MAX_COLUMNS, max_cells=100_000,
    max_unpacked=MAX_XLSX_UNPACKED,
)
MAX_NAME = Student._meta.get_field("first_name").max_length
MAX_GROUP = Group._meta.get_field("name").max_length
MAX_EMAIL = Student._meta.get_field("email").max_length
MAX_NUMBER = Student._meta.get_field("student_number").max_length

COLUMNS = ["first_name", "last_name", "email", "group", "date_of_birth", "student_number"]
REQUIRED = ["first_name", "last_name", "group"]
#: Other headings people use (in Dutch and English), after lower-casing and _ for spaces.
ALIASES = {
    "firstname": "first_name", "voornaam": "first_name", "given_name": "first_name",
    "lastname": "last_name", "achternaam": "last_name", "familienaam": "last_name", "surname": "last_name",
    "e_mail": "email", "mail": "email", "email_address": "email", "e_mailadres": "email", "emailadres": "email",
    "klas": "group", "groep": "group", "class": "group",
    "birth_date": "date_of_birth", "birthdate": "date_of_birth", "geboortedatum": "date_of_birth", "dob": "date_of_birth",
    "stamnummer": "student_number", "leerlingnummer": "student_number", "studentnummer": "student_number",
    "student_id": "student_number", "number": "student_number", "nummer": "student_number",
}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
#: The column names people see (help text, example, messages) in the language of the page;
#: each is one of the ALIASES above. English pages show the English COLUMNS. Both are accepted.
HEADINGS = {
    "nl": {
        "first_name": "voornaam", "last_name": "achternaam", "email": "e-mail", "group": "klas",
        "date_of_birth": "geboortedatum", "student_number": "stamnummer",
    },
}
EXAMPLE = {
    "en": ["Emma", "Aerts", "emma@example.org", "7BKO-A", "2008-03-14", "20240117"],
    "nl": ["Emma", "Aerts", "emma@example.org", "7BKO-A", "14/03/2008", "20240117"],
}


def _language() -> str:
    return (get_language() or "nl")[:2]


def headings(names: list[str] | None = None) -> list[str]:
    """The shown names of these columns (all of them by default), in the page's language."""
    shown = HEADINGS.get(_language(), {})
    return [shown.get(name, name) for name in (COLUMNS if names is None else names)]


def example_row() -> list[str]:
    """A row of the example under the headings."""
    return EXAMPLE.get(_language(), EXAMPLE["en"])


def columns_help() -> str:
    """The columns for the help text: "voornaam, achternaam, e-mail (optioneel), ..."."""
    return ", ".join(
        heading if name in REQUIRED else _("%(column)s (optional)") % {"column": heading}
        for name, heading in zip(COLUMNS, headings(), strict=True)
    )


@dataclass
class Table:
    """The cells of a file as text: the header row and the data rows with their row numbers
    (as a spreadsheet numbers them: the header is row 1). ``error`` if the file is unreadable."""

    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    error: str = ""

    def to_session(self) -> dict:
        return {"header": self.header, "rows": [[n, cells] for n, cells in self.rows]}

    @classmethod
    def from_session(cls, data) -> Table:
        """Back from the session. Checked like a file: anything odd makes an unreadable table."""
        try:
            header = [str(h) for h in data["header"]]
            rows = [(int(n), [str(c) for c in cells]) for n, cells in data["rows"]]
        except (KeyError, TypeError, ValueError):
            return cls(error=_("The uploaded file is no longer available; upload it again."))
        return cls(header=header, rows=rows)

    @property
    def digest(self) -> str:
        """Fingerprint of the content, so the preview one saw is the data one imports."""
        return hashlib.sha256(json.dumps(self.to_session(), ensure_ascii=False).encode()).hexdigest()


@dataclass
class Row:
    number: int
    first_name: str
    last_name: str
    email: str
    group: str
    date_of_birth: date | None
    student_number: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.first_name.casefold(), self.last_name.casefold(), self.group.casefold())

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class Problem:
    row: int | None  # None: about the whole file
    message: str


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.problems if p.row is not None})


# --------------------------------------------------------------------------- reading


def _cell(value) -> str:
    """A cell as clean text: dates as YYYY-MM-DD, whole numbers without .0, no control characters
    (line breaks and tabs become spaces) and no bidi controls (``web.params.text``: a U+202E
    turned an imported name around in lists and PDF headers)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = params.text(value)
    return "".join(ch if ch >= " " and ch != "\x7f" else " " for ch in text).strip()


def _table(rows, first_number: int = 1) -> Table:
    """Header = the first non-blank row; blank rows are skipped; at most MAX_ROWS data rows."""
    table = Table()
    for number, raw in enumerate(rows, start=first_number):
        cells = [_cell(v) for v in list(raw)[:MAX_COLUMNS]]
        if not any(cells):
            continue
        if not table.header:
            table.header = cells
            continue
        if len(table.rows) == MAX_ROWS:
            table.error = _("The file has more than %(n)s rows; split it into smaller files.") % {"n": MAX_ROWS}
            return table
        table.rows.append((number, cells))
    if not table.header:
        table.error = _("The file is empty.")
    return table


def read_csv(raw: bytes) -> Table:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Table(error=_("The CSV file is not UTF-8 text. In Excel, save it as “CSV UTF-8”."))
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        return _table(bounded_csv_rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), SHEET_LIMITS))
    except TooLarge as error:
        return Table(error=error.message)
    except csv.Error as error:
        return Table(error=_("The CSV file cannot be read (%(error)s).") % {"error": error})


def read_xlsx(raw: bytes) -> Table:
    unreadable = Table(error=_("This is not a readable XLSX file."))
    deadline = SHEET_LIMITS.deadline()
    try:
        # Sizes, rows (blank ones too), cells and time, before openpyxl reads anything.
        check_xlsx(raw, SHEET_LIMITS, deadline)
    except TooLarge as error:
        return Table(error=error.message)
    except Unreadable:
        return unreadable
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        return unreadable
    try:
        if not wb.worksheets:
            return unreadable
        ws = wb.worksheets[0]
        return _table(bounded_rows(ws, SHEET_LIMITS, deadline))
    except TooLarge as error:
        return Table(error=error.message)
    except Exception:  # noqa: BLE001 - a damaged sheet inside a valid zip
        return unreadable
    finally:
        wb.close()


def read_upload(raw: bytes) -> Table:
    """The cells of an uploaded file; the type is taken from the content, not the name."""
    if len(raw) > MAX_UPLOAD_BYTES:
        return Table(error=_("The file is larger than 2 MB."))
    if not raw.strip():
        return Table(error=_("The file is empty."))
    if raw[:2] == b"PK":
        return read_xlsx(raw)
    if raw[:4] == b"\xd0\xcf\x11\xe0":
        return Table(error=_("This is an old Excel file (.xls). Save it as .xlsx or as CSV UTF-8."))
    return read_csv(raw)


# --------------------------------------------------------------------------- checking


def _column(heading: str) -> str:
    key = heading.strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(key, key)


def parse_date(text: str) -> date | None:
    """YYYY-MM-DD or DD/MM/YYYY; None if it is neither (or not a real day)."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def validate(table: Table) -> Parsed:
    """Check every row; report every problem of every row, not only the first one."""
    parsed = Parsed()
    if table.error:
        parsed.problems.append(Problem(None, table.error))
        return parsed
    columns = [_column(h) for h in table.header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        parsed.problems.append(
            Problem(
                None,
                _("Missing column(s): %(cols)s. The first row must name the columns: %(expected)s.")
                % {"cols": ", ".join(headings(missing)), "expected": ", ".join(headings())},
            )
        )
        return parsed
    index = {name: columns.index(name) for name in COLUMNS if name in columns}
    if not table.rows:
        parsed.problems.append(Problem(None, _("The file has no students, only a header row.")))
        return parsed
    today = timezone.localdate()
    seen: dict[tuple[str, str, str], int] = {}
    numbers: dict[str, int] = {}
    for number, cells in table.rows:
        value = {name: (cells[i] if i < len(cells) else "") for name, i in index.items()}
        problems = []

        def problem(message, number=number, problems=problems):
            problems.append(Problem(number, message))

        for name, label in (("first_name", _("first name")), ("last_name", _("last name"))):
            if not value[name]:
                problem(_("the %(field)s is missing.") % {"field": label})
            elif len(value[name]) > MAX_NAME:
                problem(_("the %(field)s is longer than %(n)s characters.") % {"field": label, "n": MAX_NAME})
        if not value["group"]:
            problem(_("the group is missing."))
        elif len(value["group"]) > MAX_GROUP:
            problem(_("the group name is longer than %(n)s characters.") % {"n": MAX_GROUP})
        email = value.get("email", "")
        if email:
            try:
                if len(email) > MAX_EMAIL:
                    raise ValidationError("too long")
                validate_email(email)
            except ValidationError:
                problem(_("“%(email)s” is not a valid email address.") % {"email": email[:100]})
        birth = None
        if text := value.get("date_of_birth", ""):
            birth = parse_date(text)
            if birth is None:
                problem(_("“%(date)s” is not a date; write it as YYYY-MM-DD or DD/MM/YYYY.") % {"date": text[:40]})
            elif not date(1900, 1, 1) <= birth <= today:
                problem(_("the date of birth %(date)s cannot be right.") % {"date": text})
                birth = None
        student_number = value.get("student_number", "")
        if len(student_number) > MAX_NUMBER:
            problem(_("the student number is longer than %(n)s characters.") % {"n": MAX_NUMBER})
        row = Row(number, value["first_name"], value["last_name"], email.lower(), value["group"], birth, student_number)
        if not problems and student_number:
            if student_number in numbers:
                problem(_("student number %(number)s is already on row %(first)s.")
                        % {"number": student_number, "first": numbers[student_number]})
            else:
                numbers[student_number] = number
        if not problems:
            if row.key in seen:
                problem(
                    _("%(name)s in group %(group)s is already on row %(first)s.")
                    % {"name": row.full_name, "group": row.group, "first": seen[row.key]}
                )
            else:
                seen[row.key] = number
        if problems:
            parsed.problems += problems
        else:
            parsed.rows.append(row)
    return parsed


# --------------------------------------------------------------------------- planning


@dataclass
class PlannedRow:
    row: Row
    action: str  # "new", "update" or "unchanged"
    group: Group | None  # None: a new group, created by the import
    student: Student | None = None
    changes: list[str] = field(default_factory=list)  # labels of the fields an update changes

    @property
    def new_group(self) -> bool:
        return self.group is None


@dataclass
class Plan:
    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def n_new(self) -> int:
        return self.count("new")

    @property
    def n_update(self) -> int:
        return self.count("update")

    @property
    def n_unchanged(self) -> int:
        return self.count("unchanged")


def plan_import(*, school, school_year: str, parsed: Parsed) -> Plan:
    """What the import will do with each checked row, given the school's groups of
    ``school_year`` and their students (including archived ones). Two queries."""
    plan = Plan(problems=list(parsed.problems))
    from schools.selectors import import_targets, numbered_students

    groups, candidates = import_targets(school, school_year)
    # A student number of the school's own system finds its student first, in any group or year.
    by_number = numbered_students(school, {r.student_number for r in parsed.rows if r.student_number})
    students: dict[tuple[str, str, str], list[Student]] = {}
    names = {r.key[:2] for r in parsed.rows}
    for student in candidates:
        key = (student.first_name.casefold(), student.last_name.casefold())
        if key in names:
            students.setdefault((*key, student.group.name.casefold()), []).append(student)
    new_groups: dict[str, str] = {}
    for row in parsed.rows:
        group = groups.get(row.group.casefold())
        numbered = by_number.get(row.student_number) if row.student_number else None
        if numbered is not None:
            changes = []
            if (row.first_name, row.last_name) != (numbered.first_name, numbered.last_name):
                changes.append(_("name"))
            if row.email and row.email != numbered.email.lower():
                changes.append(_("email address"))
            if row.date_of_birth and row.date_of_birth != numbered.date_of_birth:
                changes.append(_("date of birth"))
            plan.rows.append(PlannedRow(row, "update" if changes else "unchanged", numbered.group, numbered, changes))
            continue
        if group is None:
            new_groups.setdefault(row.group.casefold(), row.group)
            plan.rows.append(PlannedRow(row, "new", None))
            continue
        matches = students.get(row.key, [])
        if len(matches) > 1:
            plan.problems.append(
                Problem(
                    row.number,
                    _("group %(group)s has %(n)s students named %(name)s; make their names different first.")
                    % {"group": group.name, "n": len(matches), "name": row.full_name},
                )
            )
            continue
        if not matches:
            plan.rows.append(PlannedRow(row, "new", group))
            continue
        student = matches[0]
        changes = []
        if row.student_number and student.student_number and row.student_number != student.student_number:
            plan.problems.append(Problem(row.number, _(
                "%(name)s in group %(group)s has student number %(theirs)s in Uniform, not %(number)s; correct one of them first.")
                % {"name": row.full_name, "group": group.name, "theirs": student.student_number, "number": row.student_number}))
            continue
        if row.student_number and not student.student_number:
            changes.append(_("student number"))
        if row.email and row.email != student.email.lower():
            changes.append(_("email address"))
        if row.date_of_birth and row.date_of_birth != student.date_of_birth:
            changes.append(_("date of birth"))
        plan.rows.append(PlannedRow(row, "update" if changes else "unchanged", group, student, changes))
    plan.new_groups = list(new_groups.values())
    plan.problems.sort(key=lambda p: (p.row or 0))
    return plan
