from django.urls import path

from relmap import views
from relmap.map_views import account_map, relationship_map

urlpatterns = [
    # Home, organisation and contact pages: they read from every app.
    path("", views.home, name="home"),
    # The relationship map (company-wide and one account's).
    path("relmap/", relationship_map, name="relmap"),
    path("organisations/<int:pk>/map/", account_map, name="account_map"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
]
