from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("favicon.ico", RedirectView.as_view(url=static("chiso/favicon.svg"), permanent=True)),
    path("login/", auth_views.LoginView.as_view(template_name="login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("chiso.web.imports.urls")),
    path("", include("chiso.web.steering.urls")),
    path("", include("chiso.web.pages.urls")),
]

# error pages in the site's layout (the 500 page is Django's, from templates/500.html, without context)
handler400 = "chiso.web.pages.views.bad_request"
handler404 = "chiso.web.pages.views.page_not_found"
