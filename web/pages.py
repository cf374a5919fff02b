"""Page data: selectors return frozen dataclasses (typed, named fields) instead of dict bags."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


def context_of(page: DataclassInstance) -> dict[str, Any]:
    """The page's fields as template variables, one level deep (unlike ``dataclasses.asdict``,
    which would copy the model instances inside)."""
    return {f.name: getattr(page, f.name) for f in fields(page)}
