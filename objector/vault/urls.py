from django.urls import path

from . import views

app_name = "vault"
urlpatterns = [
    path("staff/vault", views.vault, name="vault"),
    path("staff/vault/unlock", views.unlock, name="unlock"),
    path("staff/vault/seal", views.seal, name="seal"),
    path("staff/vault/passphrase", views.passphrase, name="passphrase"),
    path("staff/team/<int:pk>/grant-key", views.grant, name="grant"),
    path("staff/team/<int:pk>/revoke-key", views.revoke, name="revoke"),
]
