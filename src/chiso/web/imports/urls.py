from django.urls import path

from . import views

urlpatterns = [
    path("p/<str:code>/imports/", views.upload, name="upload"),
    path("p/<str:code>/imports/<int:batch>/", views.preview, name="import_preview"),
    path("p/<str:code>/imports/<int:batch>/confirm/", views.confirm, name="import_confirm"),
    path("p/<str:code>/imports/<int:batch>/discard/", views.discard, name="import_discard"),
    path("imports/template/", views.template_form, name="import_template_form"),
    path("imports/template/<str:kind>/<str:framework>.xlsx", views.template, name="import_template"),
]
