"""The REST API under /api/v1/. Each app contributes its own `api` module; this file only assembles them."""

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from sangtao.clubs import api as clubs_api
from sangtao.communication import api as communication_api
from sangtao.contests import api as contests_api
from sangtao.dashboards import api as dashboards_api
from sangtao.emulation import api as emulation_api
from sangtao.honours import api as honours_api
from sangtao.initiatives import api as initiatives_api
from sangtao.orgs import api as orgs_api
from sangtao.outreach import api as outreach_api
from sangtao.plans import api as plans_api
from sangtao.programmes import api as programmes_api
from sangtao.reports import api as reports_api
from sangtao.spaces import api as spaces_api
from sangtao.training import api as training_api

from .views import DocsView, MeView, TokenView

app_name = "api"

# Path converters rather than regexes: ids are integers, in the URLs and in the OpenAPI document.
router = SimpleRouter(use_regex_path=False)
for prefix, viewset, basename in [
    *orgs_api.ROUTES,
    *plans_api.ROUTES,
    *clubs_api.ROUTES,
    *training_api.ROUTES,
    *initiatives_api.ROUTES,
    *communication_api.ROUTES,
    *outreach_api.ROUTES,
    *contests_api.ROUTES,
    *programmes_api.ROUTES,
    *spaces_api.ROUTES,
    *emulation_api.ROUTES,
    *honours_api.ROUTES,
    *dashboards_api.ROUTES,
    *reports_api.ROUTES,
]:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    *router.urls,
]
