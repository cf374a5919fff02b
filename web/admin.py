"""What every app's admin shares: the Django admin is a read-only window for operators.

Changes go through the app (its services check the rules and keep history); the admin only
lets an operator look things up. ``ReadOnlyAdmin`` refuses add, change and delete, so a change
page shows the fields as text and a POST to it answers 403.
"""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """A ModelAdmin that shows and never writes (no add, change, delete, no bulk actions)."""

    actions = None
    show_full_result_count = False  # one COUNT less on big tables
    list_per_page = 50

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
