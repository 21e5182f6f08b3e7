from django.urls import include, path

urlpatterns = [
    path("intake/", include("objector.intake.urls")),
    path("", include("objector.accounts.urls")),
    # Before cases: its `staff/cases/<pk>/<what>` would take `staff/cases/<pk>/filings`.
    path("", include("objector.filings.urls")),
    path("", include("objector.cases.urls")),
    path("", include("objector.stats.urls")),
    path("", include("objector.documents.urls")),
    path("", include("objector.persons.urls")),
    path("", include("objector.vault.urls")),
    path("", include("objector.service.urls")),
    path("", include("objector.telegram.urls")),
]
