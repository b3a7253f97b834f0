from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("p/<str:code>/", views.overview, name="overview"),
    path("p/<str:code>/indicators/", views.indicators, name="indicators"),
    path("p/<str:code>/indicators/<str:indicator>/history/", views.history, name="history"),
]
