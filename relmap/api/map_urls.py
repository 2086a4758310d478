from django.urls import path

from relmap.api.map_views import AccountMapView

urlpatterns = [
    path("accounts/<int:pk>/map/", AccountMapView.as_view(), name="api-account-map"),
]
