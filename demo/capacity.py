"""Demo capacity periods for the Limburg sites of vzw Kindernest (called by demo/region.py).

Idempotent: a period is found by its site and start date and created when missing; a period
that was changed by hand in the demo is left as it is.
"""

from __future__ import annotations

from datetime import date

from childcare.models import Site, SiteCapacity

#: (organisation, site, start, end, places, note)
CAPACITY_PERIODS = [
    ("vzw Kindernest", "KDV 't Nestje", date(2026, 9, 1), date(2027, 1, 31), 4, "Eerste semester"),
    ("vzw Kindernest", "KDV 't Nestje", date(2027, 2, 1), date(2027, 6, 30), 3, "Tweede semester: één mentor minder"),
    ("vzw Kindernest", "BKO De Speelboom", date(2026, 9, 1), date(2026, 12, 18), 2, "Najaar: enkel naschoolse opvang"),
    ("vzw Kindernest", "BKO De Speelboom", date(2027, 7, 1), date(2027, 8, 31), 5, "Zomerwerking: extra stageplaatsen"),
    ("vzw Kindernest", "KDV Zonnebloem", date(2027, 3, 1), date(2027, 6, 30), 2, "Verbouwing leefgroep baby's"),
]


def seed_capacity() -> list[SiteCapacity]:
    """Add the demo capacity periods (when their site exists); returns them."""
    sites = {
        (s.organisation.name, s.name): s
        for s in Site.objects.filter(organisation__network__slug="limburg").select_related("organisation")
    }
    periods = []
    for org_name, site_name, start, end, places, note in CAPACITY_PERIODS:
        site = sites.get((org_name, site_name))
        if site is None:
            continue
        capacity, _ = SiteCapacity.objects.get_or_create(
            site=site, start_date=start, defaults={"end_date": end, "places": places, "note": note}
        )
        periods.append(capacity)
    return periods
