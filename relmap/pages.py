from django.urls import path

from relmap import views
from relmap.map_views import account_map, relationship_map

urlpatterns = [
    path("", views.home, name="home"),
    # The relationship map (company-wide and one account's).
    path("relmap/", relationship_map, name="relmap"),
    path("organisations/<int:pk>/map/", account_map, name="account_map"),
]
