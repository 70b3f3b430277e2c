"""Portal URLs. Documents are addressed by receipt, never by a patient identifier.

Login (Django's, with a brake on password guessing: pars.web.login) and logout use
the portal's NHS.UK templates; they are
declared here, ahead of ``django.contrib.auth.urls``, because the admin app
ships its own ``registration/logged_out.html`` that would otherwise win.
"""

from django.contrib.auth import views as auth_views
from django.urls import path

from pars.web import findings, views
from pars.web.login import LoginView

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", views.home, name="home"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/<str:receipt>/", views.document_detail, name="document_detail"),
    path("findings/", findings.finding_list, name="finding_list"),
    path("findings/report.<str:kind>", findings.finding_report, name="finding_report"),
    path("findings/<int:pk>/", findings.finding_detail, name="finding_detail"),
    path(
        "accounts/login/",
        LoginView.as_view(),
        name="login",
    ),
    path(
        "accounts/logout/",
        auth_views.LogoutView.as_view(template_name="web/logged_out.html"),
        name="logout",
    ),
]
