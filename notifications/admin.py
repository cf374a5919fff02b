from django.contrib import admin

from notifications.models import Digest, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "delivery", "mail_status", "read_at"]
    list_filter = ["kind", "delivery", "mail_status"]
    search_fields = ["recipient__email", "subject"]
    raw_id_fields = ["recipient", "actor", "internship", "digest"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["day", "recipient", "mail_status", "mailed_at"]
    raw_id_fields = ["recipient"]
