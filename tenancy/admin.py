"""Read-only admin for networks, organisations, memberships and invitations (operators only)."""

from django.contrib import admin

from tenancy.models import Invitation, Membership, Network, Organisation
from web.admin import ReadOnlyAdmin


@admin.register(Network)
class NetworkAdmin(ReadOnlyAdmin):
    list_display = ("name", "slug", "region", "created_at")
    search_fields = ("name", "slug", "region")


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "school_type", "city", "network", "created_at")
    list_filter = ("kind", "school_type", "network")
    search_fields = ("name", "city")
    list_select_related = ("network",)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "role", "network", "organisation", "site", "is_active", "created_at")
    list_filter = ("role", "is_active", "network")
    search_fields = ("user__email", "user__full_name", "organisation__name", "site__name")
    list_select_related = ("user", "network", "organisation", "site")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("email", "role", "network", "organisation", "site", "status", "created_at", "expires_at")
    list_filter = ("role", "network")
    search_fields = ("email", "full_name", "organisation__name")
    list_select_related = ("network", "organisation", "site")
    # The token is the emailed key to an account: never on screen. The student record is
    # not an operator's business either.
    exclude = ("token", "student")
