from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from . import health

handler500 = "chiso.web.security.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url=static("chiso/favicon.svg"), permanent=True)),
    path("login/", auth_views.LoginView.as_view(template_name="login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("account/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("chiso.web.api.urls")),  # /api/ and /account/api-tokens/
    path("", include("chiso.web.imports.urls")),
    path("", include("chiso.web.steering.urls")),
    path("", include("chiso.web.plans.urls")),
    path("", include("chiso.web.pages.urls")),
]

# error pages in the site's layout (the 500 page is Django's, from templates/500.html, without context)
handler400 = "chiso.web.pages.views.bad_request"
handler404 = "chiso.web.pages.views.page_not_found"
