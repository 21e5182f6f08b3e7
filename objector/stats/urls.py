from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("staff/stats", views.stats_page, name="page"),
    path("staff/stats/chart.svg", views.stats_chart, name="chart"),
    path("staff/stats/releases", views.releases_list, name="releases"),
    path("staff/stats/releases/preview", views.release_preview, name="preview"),
    path("staff/stats/releases/publish", views.release_publish_view, name="publish"),
    path("staff/stats/releases/<int:pk>", views.release_report, name="release"),
    path("staff/stats/releases/<int:pk>.csv", views.release_csv, name="release_csv"),
    path("staff/stats/releases/<int:pk>/chart.svg", views.release_chart, name="release_chart"),
]
