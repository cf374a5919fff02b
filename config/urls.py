from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from api import endpoints as api_endpoints
from home import views as home_views
from notifications.views import set_language
from tenancy import onetap, views
from web import health, metrics, pwa

# The Django admin (operators only) logs in through the app's login: the same rate limits and
# the same second factor, never a weaker door beside it.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", home_views.home, name="home"),
    # The accessibility statement: public, linked from every page's footer (ADR 0020).
    path("accessibility/", home_views.accessibility, name="accessibility"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<uuid:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("catalogue/", include("catalogue.urls")),
    path("internships/", include("internships.urls")),
    path("schools/", include("schools.urls")),
    path("childcare/", include("childcare.urls")),
    path("network/", include("network.urls")),
    path("training/", include("training.urls")),
    path("calibration/", include("calibration.urls")),
    path("reports/", include("reports.urls")),
    path("exports/", include("exports.urls")),
    path("notifications/", include("notifications.urls")),
    path("reminders/", include("reminders.urls")),
    path("retention/", include("retention.urls")),
    path("privacy/", include("retention.privacy_urls")),
    path("calendar/", include("calendars.urls")),
    # One tap from a mail to the task: a login page with the address filled in (tenancy.onetap).
    path("go/", onetap.go, name="onetap"),
    path("placements/", include("placements.urls")),
    path("audit/", include("audit.urls")),
    path("data/", include("privacy.urls")),
    path("sso/", include("sso.urls")),
    path("api/", api_endpoints.api.urls),
    path("settings/api-tokens/", include("api.urls")),
    # Feedback, activities, evaluations and progress: each under the internship it belongs to.
    # Feedback mounts itself: its sheets under internships/<uuid:internship_pk>/feedback/, and
    # the coach's review queue (across the coach's sites) at feedback/review/.
    path("", include("evaluations.feedback.urls")),
    path("internships/<uuid:internship_pk>/activities/", include("evaluations.activities.urls")),
    path("internships/<uuid:internship_pk>/evaluations/", include("evaluations.evaluation.urls")),
    path("internships/<uuid:internship_pk>/progress/", include("evaluations.progress.urls")),
    # allauth's, with the code sent only to the address the account had at login (tenancy.reauth)
    path("accounts/reauthenticate/code/", views.request_reauthentication_code, name="account_request_reauthentication_code"),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    # Liveness, and readiness (database, cache, queue, storage); no login, no tenant data
    # (web/health.py, ADR 0010 and 0030). Metrics for the operator's scraper, behind a token.
    path("health/", health.liveness, name="health"),
    path("health/ready/", health.ReadinessView.as_view(), name="health_ready"),
    path("metrics", metrics.metrics, name="metrics"),
    path(settings.ADMIN_URL, admin.site.urls),
]
