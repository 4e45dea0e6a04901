from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("cookie-policy/", views.cookie_policy, name="cookie-policy"),
    path("login/", auth_views.LoginView.as_view(template_name="login.html"), name="login"),
    path("i18n/", include("django.conf.urls.i18n")),
]
