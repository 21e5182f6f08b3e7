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
    path("staff/team/<int:pk>", views.member, name="member"),
    path("staff/team/<int:pk>/deactivate", views.deactivate, name="deactivate"),
    path("staff/team/<int:pk>/reactivate", views.reactivate, name="reactivate"),
    path("staff/team/<int:pk>/reset-password", views.password_reset, name="password_reset"),
    path(
        "staff/team/<int:pk>/reset-second-factor",
        views.second_factor_reset,
        name="second_factor_reset",
    ),
]
