from django.urls import path

from . import views

app_name = "vault"
urlpatterns = [
    path("staff/vault", views.vault, name="vault"),
    path("staff/vault/unlock", views.unlock, name="unlock"),
    path("staff/vault/seal", views.seal, name="seal"),
]
