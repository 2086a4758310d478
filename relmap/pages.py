from django.urls import path

from relmap import views

urlpatterns = [
    # Home, organisation and contact pages: they read from every app.
    path("", views.home, name="home"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
]
