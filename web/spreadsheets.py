"""Reading uploaded spreadsheets without letting a small crafted file tie up a worker.

An XLSX is a zip of XML: 150 KB can unpack to hundreds of MB, declare a million blank rows, or
one row of millions of empty cells, and openpyxl (even ``read_only=True``) fills in every
missing row up to the highest row number and reads the whole shared-strings table into memory.
So before openpyxl sees a file, ``check_xlsx``

- sums the sizes the zip declares (``infolist``) and refuses more than ``max_unpacked`` bytes;
- streams every XML part through a parser with a byte counter (a zip may lie about sizes),
  counting rows (a row's number ``r`` counts, so a jump to row 1,000,000 is a million rows),
  cells and shared strings, and stops at the first cap;
- stops when ``seconds`` have passed.

``bounded_rows`` then reads the first sheet with openpyxl with explicit row and column bounds
(never the sheet's own ``<dimension>``) under the same deadline, and ``bounded_csv_rows`` does
the same for CSV (blank lines count as rows). Each cap is a ``TooLarge`` with a message that
says what was too large.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError, XMLPullParser

from django.conf import settings
from django.utils.translation import gettext as _

CHUNK = 64 * 1024
MAX_MEMBERS = 200


class TooLarge(Exception):
    """The file is over one of the caps; ``message`` says which, for the person uploading."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Unreadable(Exception):
    """Not a readable XLSX file (bad zip, bad XML)."""


@dataclass(frozen=True)
class Limits:
    max_rows: int  # rows of the sheet, blank ones included
    max_columns: int  # columns read (cells further right are ignored, but still counted)
    max_cells: int  # cells in the whole sheet, empty ones included
    max_unpacked: int = 20 * 1024 * 1024  # bytes, all parts of the zip together
    seconds: float | None = None  # None: settings.SPREADSHEET_READ_SECONDS (default 10)

    def deadline(self) -> float:
        return time.monotonic() + self.seconds_allowed()

    def seconds_allowed(self) -> float:
        return self.seconds if self.seconds is not None else getattr(settings, "SPREADSHEET_READ_SECONDS", 10)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}"


def too_many_rows(limits: Limits) -> TooLarge:
    return TooLarge(
        _("The file is too large: the sheet has more than %(n)s rows (blank rows count too). "
          "Delete the empty rows below the data, or split the file.") % {"n": f"{limits.max_rows:,}".replace(",", ".")}
    )


def too_slow(limits: Limits) -> TooLarge:
    return TooLarge(
        _("The file is too large: reading it took more than %(n)s seconds. Copy only the data into a new file, "
          "or split it.") % {"n": f"{limits.seconds_allowed():g}"}
    )


def _too_many_cells(limits: Limits) -> TooLarge:
    return TooLarge(
        _("The file is too large: it holds more than %(n)s cells (empty cells count too). Copy only the data "
          "into a new file, or split it.") % {"n": f"{limits.max_cells:,}".replace(",", ".")}
    )


def _too_big_unpacked(limits: Limits) -> TooLarge:
    return TooLarge(
        _("The file is too large: unpacked it is more than %(n)s MB. Copy only the data into a new file, "
          "or split it.") % {"n": _mb(limits.max_unpacked)}
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _row_number(value: str | None, previous: int) -> int:
    if value and value.isdigit():
        return int(value)
    return previous + 1


def check_xlsx(raw: bytes, limits: Limits, deadline: float | None = None) -> None:
    """Raise TooLarge or Unreadable before openpyxl is given the file."""
    deadline = deadline or limits.deadline()
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise Unreadable from error
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise Unreadable
        if sum(info.file_size for info in members) > limits.max_unpacked:
            raise _too_big_unpacked(limits)
        budget = limits.max_unpacked
        for info in members:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            budget = _scan(archive, info, limits, deadline, budget)


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, deadline: float, budget: int) -> int:
    """Stream one XML part; returns the bytes left of the unpacked budget."""
    is_sheet = info.filename.startswith("xl/worksheets/")
    parser = XMLPullParser(events=("start", "end"))
    row = cells = strings = 0
    try:
        with archive.open(info) as part:
            while chunk := part.read(CHUNK):
                budget -= len(chunk)
                if budget < 0:
                    raise _too_big_unpacked(limits)
                if time.monotonic() > deadline:
                    raise too_slow(limits)
                parser.feed(chunk)
                for event, element in parser.read_events():
                    tag = _local(element.tag)
                    if event == "start":
                        if is_sheet and tag == "row":
                            row = _row_number(element.get("r"), row)
                            if row > limits.max_rows:
                                raise too_many_rows(limits)
                        elif is_sheet and tag == "c":
                            cells += 1
                            if cells > limits.max_cells:
                                raise _too_many_cells(limits)
                        elif tag == "si":
                            strings += 1
                            if strings > limits.max_cells:
                                raise _too_many_cells(limits)
                    elif tag in ("row", "si", "c"):
                        element.clear()  # keep memory flat: nothing of the part is kept
            parser.close()
    except (zipfile.BadZipFile, ParseError, EOFError, OSError, RuntimeError, ValueError) as error:
        raise Unreadable from error
    return budget


def bounded_rows(worksheet, limits: Limits, deadline: float) -> Iterator[tuple]:
    """The first ``max_rows`` rows of an openpyxl read-only sheet, ``max_columns`` wide, with
    explicit bounds (the sheet's own ``<dimension>`` may claim a million rows), under the deadline."""
    rows = worksheet.iter_rows(max_row=limits.max_rows, max_col=limits.max_columns, values_only=True)
    for row in rows:
        if time.monotonic() > deadline:
            raise too_slow(limits)
        yield row


def bounded_csv_rows(lines: Iterable[list[str]], limits: Limits, deadline: float | None = None) -> Iterator[list[str]]:
    """Rows of a csv.reader, blank lines counted: more than ``max_rows`` is TooLarge."""
    deadline = deadline or limits.deadline()
    for number, row in enumerate(lines, start=1):
        if number > limits.max_rows:
            raise too_many_rows(limits)
        if number % 512 == 0 and time.monotonic() > deadline:
            raise too_slow(limits)
        yield row[: limits.max_columns] if len(row) > limits.max_columns else row


__all__ = ["Limits", "TooLarge", "Unreadable", "bounded_csv_rows", "bounded_rows", "check_xlsx", "too_many_rows"]
