from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("staff/queue", views.queue_view, name="queue"),
    path("staff/queue/bulk", views.bulk, name="bulk"),
    path("staff/queue/search", views.search, name="search"),
    path("staff/cases/<int:pk>", views.case_view, name="case"),
    path("staff/cases/<int:pk>/<slug:what>", views.case_change, name="change"),
    path("staff/deadlines", views.deadlines_view, name="deadlines"),
    path("staff/templates", views.templates_view, name="templates"),
]
