from django.urls import include, path

urlpatterns = [
    path("intake/", include("objector.intake.urls")),
    path("", include("objector.accounts.urls")),
    path("", include("objector.cases.urls")),
    path("", include("objector.stats.urls")),
    path("", include("objector.documents.urls")),
    path("", include("objector.vault.urls")),
    path("", include("objector.service.urls")),
    path("", include("objector.telegram.urls")),
]
