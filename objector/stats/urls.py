from django.urls import path, re_path

from . import views

app_name = "stats"

urlpatterns = [
    path("staff/stats", views.stats_page, name="page"),
    re_path(r"^staff/stats/chart\.(?P<fmt>svg|png)$", views.stats_chart, name="chart"),
    re_path(r"^staff/stats/map\.(?P<fmt>svg|png)$", views.stats_map, name="map"),
    path("staff/stats/releases", views.releases_list, name="releases"),
    path("staff/stats/releases/preview", views.release_preview, name="preview"),
    path("staff/stats/releases/publish", views.release_publish_view, name="publish"),
    path("staff/stats/releases/<int:pk>", views.release_report, name="release"),
    path("staff/stats/releases/<int:pk>.csv", views.release_csv, name="release_csv"),
    path("staff/stats/releases/<int:pk>/chart.svg", views.release_chart, name="release_chart"),
    path("staff/stats/releases/<int:pk>/map.svg", views.release_map, name="release_map"),
    re_path(
        r"^staff/stats/releases/(?P<pk>[0-9]+)/files/(?P<name>[a-z0-9.-]{1,80})$",
        views.release_file,
        name="release_file",
    ),
]
