from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("staff/cases/<int:pk>/documents/new", views.case_upload, name="case_upload"),
    path("staff/documents", views.bulk_view, name="bulk"),
    path("staff/documents/<int:pk>", views.document_view, name="document"),
    path("staff/documents/<int:pk>/original", views.original, name="original"),
    path("staff/documents/<int:pk>/pages/<int:page>.png", views.page_image, name="page"),
    path("staff/documents/<int:pk>/persons/<int:person>", views.person_correct, name="person"),
]
