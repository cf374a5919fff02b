from django.contrib import admin

from reminders.models import ReminderOptOut, ReminderSetting, SchedulerJob, SchedulerMinute

admin.site.register(ReminderSetting)
admin.site.register(ReminderOptOut)
admin.site.register(SchedulerJob)
admin.site.register(SchedulerMinute, list_display=["minute", "worker", "started_at", "finished_at", "notes"])
