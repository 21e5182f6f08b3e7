from django.urls import path

from . import views

app_name = "persons"
urlpatterns = [
    path("staff/persons/<int:pk>", views.person_view, name="person"),
    path("staff/persons/<int:pk>/merge", views.person_merge, name="merge"),
    path("staff/persons/<int:pk>/split", views.person_split, name="split"),
]
