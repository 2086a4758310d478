from django.urls import path

from relmap import views

urlpatterns = [
    path("", views.home, name="home"),
]
