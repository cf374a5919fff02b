"""Cells of the CSV and XLSX files people open in Excel, LibreOffice or Google Sheets.

* CSV: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken as
  a formula by a spreadsheet (``=HYPERLINK(...)``, ``@SUM(...)``); ``csv_cell`` puts a single
  quote before it, and ``from_csv_cell`` takes exactly that quote off again, so an exported
  file imports unchanged. A text that itself starts with a quote before such a character gets
  one more quote, so the two are never confused.
* XLSX: XML cannot hold control characters (openpyxl raises ``IllegalCharacterError``);
  ``xlsx_cell`` drops them. openpyxl writes a text cell as text, so no quote is needed there.
"""

from __future__ import annotations

from web.params import CONTROLS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _quoted(value: str) -> bool:
    """Would a spreadsheet read ``value`` as a formula, or is it a text that ``csv_cell`` quotes?"""
    while value.startswith("'"):
        value = value[1:]
    return value.startswith(FORMULA_STARTS)


def csv_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if _quoted(text) else text


def from_csv_cell(value: str) -> str:
    return value[1:] if value.startswith("'") and _quoted(value[1:]) else value


def xlsx_cell(value):
    return CONTROLS.sub("", value) if isinstance(value, str) else value
