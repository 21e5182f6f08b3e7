from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("setup", views.setup, name="setup"),
    path("staff/", views.staff_home, name="home"),
    path("staff/login", views.login_view, name="login"),
    path("staff/otp", views.otp_view, name="otp"),
    path("staff/logout", views.logout_view, name="logout"),
    path("staff/language", views.language, name="language"),
    path("staff/password", views.password, name="password"),
    path("staff/team", views.team, name="team"),
    path("staff/team/<int:pk>/deactivate", views.deactivate, name="deactivate"),
]
