from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from sangtao.core.views import healthz
from sangtao.dashboards import views as dashboard_views

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("accounts/", include("sangtao.accounts.urls")),
    path("orgs/", include("sangtao.orgs.urls")),
    path("plans/", include("sangtao.plans.urls")),
    path("clubs/", include("sangtao.clubs.urls")),
    path("training/", include("sangtao.training.urls")),
    path("initiatives/", include("sangtao.initiatives.urls")),
    path("contests/", include("sangtao.contests.urls")),
    path("news/", include("sangtao.communication.urls")),
    path("outreach/", include("sangtao.outreach.urls")),
    path("programmes/", include("sangtao.programmes.urls")),
    path("spaces/", include("sangtao.spaces.urls")),
    path("emulation/", include("sangtao.emulation.urls")),
    path("honours/", include("sangtao.honours.urls")),
    path("reports/", include("sangtao.reports.urls")),
    path("api/v1/", include("sangtao.api.urls")),
    path("", dashboard_views.home, name="home"),
    path("", include("sangtao.dashboards.urls")),
]


# Under /api/ the error answers are JSON like every other answer of the API.
handler404 = "sangtao.core.views.page_not_found"
handler500 = "sangtao.core.views.server_error"
