from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("staff/stats", views.stats_page, name="page"),
    path("staff/stats/chart.svg", views.stats_chart, name="chart"),
]
