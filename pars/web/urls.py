"""Portal URLs. Documents are addressed by receipt, never by a patient identifier."""

from django.urls import path

from pars.web import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", views.home, name="home"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/<str:receipt>/", views.document_detail, name="document_detail"),
]
