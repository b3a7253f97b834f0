from django.urls import path

from . import views

urlpatterns = [
    path("p/<str:code>/whatif/", views.whatif_page, name="whatif"),
    path("p/<str:code>/target/", views.target_page, name="target"),
    path("p/<str:code>/robustness/", views.robustness_page, name="robustness"),
]
