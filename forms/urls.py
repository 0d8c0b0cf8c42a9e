from django.urls import path

from . import views

app_name = "forms"
urlpatterns = [
    path("forms/<int:pk>/", views.current_file, name="current"),
    path("forms/<int:pk>/history/", views.history, name="history"),
    path("forms/<int:pk>/versions/<int:version_pk>/", views.version_file, name="version"),
]
