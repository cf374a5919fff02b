"""The export access rules live in uniform/access.py (one module for who sees what); these
names are kept for the export code that imports them from here."""

from uniform import access

can_export = access.can_export
export_groups = access.export_groups
export_internships = access.export_internships
export_jobs_visible_to = access.export_jobs_visible_to
