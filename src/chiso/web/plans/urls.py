from django.urls import path

from . import views

urlpatterns = [
    path("p/<str:code>/plans/", views.index, name="plans"),
    path("p/<str:code>/plans/<int:plan>/", views.detail, name="plan"),
    path("p/<str:code>/plans/<int:plan>/edit/", views.edit, name="plan_edit"),
    path("p/<str:code>/plans/<int:plan>/kpis/", views.kpis, name="plan_kpis"),
    path("p/<str:code>/plans/<int:plan>/import/", views.import_annex, name="plan_import"),
    path("p/<str:code>/agencies/", views.registry_page, name="agencies"),
    path("p/<str:code>/agencies/<int:agency>/", views.agency, name="agency"),
]
