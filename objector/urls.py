from django.urls import include, path

urlpatterns = [
    path("", include("objector.service.urls")),
]
