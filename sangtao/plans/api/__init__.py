"""What the plans app contributes to the REST API (serializers and views in the modules beside this)."""

from .imports import PlanImportViewSet
from .views import AssignmentViewSet, IndicatorViewSet, PlanViewSet, TaskViewSet

# (url prefix, viewset, basename): sangtao/api/urls.py registers these with the API router.
ROUTES = [
    ("plans", PlanViewSet, "plan"),
    ("tasks", TaskViewSet, "task"),
    ("assignments", AssignmentViewSet, "assignment"),
    ("indicators", IndicatorViewSet, "indicator"),
    ("plan-imports", PlanImportViewSet, "plan-import"),
]
