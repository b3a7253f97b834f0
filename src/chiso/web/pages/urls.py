from django.urls import path

from . import compare, dashboard, frameworks, indicators, methodology, views

urlpatterns = [
    path("", views.home, name="home"),
    path("p/<str:code>/", dashboard.dashboard, name="overview"),
    path("p/<str:code>/indicators/", indicators.table, name="indicators"),
    path("p/<str:code>/indicators.xlsx", indicators.export, name="indicators_export"),
    path("p/<str:code>/indicators/<str:indicator>/", indicators.detail, name="indicator"),
    path("p/<str:code>/indicators/<str:indicator>/history/", indicators.history, name="history"),
    path("p/<str:code>/compare/", compare.compare, name="compare"),
    path("frameworks/", frameworks.index, name="frameworks"),
    path("frameworks/<slug:framework>/", frameworks.nodes, name="framework_nodes"),
    path("frameworks/<slug:framework>/nodes/<str:code>/edit/", frameworks.node_edit, name="node_edit"),
    path("methodology/<slug:framework>/", methodology.page, name="methodology"),
]

# the audit ("Lịch sử thay đổi"): of a province, of one of its objects (filtered), and every change
from . import audit  # noqa: E402

urlpatterns += [
    path("p/<str:code>/audit/", audit.province_audit, name="audit_province"),
    path("audit/", audit.national_audit, name="audit_national"),
]
