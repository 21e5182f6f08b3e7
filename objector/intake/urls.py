from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("", views.start, name="start"),
    path("q", views.question, name="question"),
    path("back", views.back, name="back"),
    path("review", views.review, name="review"),
    path("receipt", views.receipt, name="receipt"),
    path("receipt/file", views.receipt_file, name="receipt_file"),
    path("receipt/print", views.receipt_print, name="receipt_print"),
    path("status", views.status, name="status"),
    path("status/message", views.status_message, name="status_message"),
    path("status/event", views.status_event, name="status_event"),
    path("status/leave", views.status_leave, name="status_leave"),
    path("status/erase", views.status_erase, name="status_erase"),
]
