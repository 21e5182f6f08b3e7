from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("staff/queue", views.queue_view, name="queue"),
    path("staff/queue/bulk", views.bulk, name="bulk"),
    path("staff/queue/search", views.search, name="search"),
    path("staff/queue/views", views.saved_view_save, name="view_save"),
    path("staff/queue/views/<int:pk>/delete", views.saved_view_delete, name="view_delete"),
    path("staff/cases/<int:pk>", views.case_view, name="case"),
    path("staff/cases/<int:pk>/event", views.event_add, name="event_add"),
    path("staff/cases/<int:pk>/note", views.note_add, name="note_add"),
    path("staff/cases/<int:pk>/message", views.message_send, name="message_send"),
    path("staff/cases/<int:pk>/status", views.status_set, name="status_set"),
    path("staff/cases/<int:pk>/assign", views.assign, name="assign"),
    path("staff/cases/<int:pk>/deadline", views.deadline_add, name="deadline_add"),
    path(
        "staff/cases/<int:pk>/deadlines/<int:deadline>/done",
        views.deadline_done,
        name="deadline_done",
    ),
    path("staff/cases/<int:pk>/shred", views.shred, name="shred"),
    path("staff/deadlines", views.deadlines_view, name="deadlines"),
    path("staff/templates", views.templates_view, name="templates"),
]
