from django.urls import path

from stakeholders import views

# An organisation's and a contact's pages bring several apps together: relmap/urls.py routes
# them.
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("communities/", views.community_list, name="community_list"),
    path("communities/<int:pk>/", views.community_detail, name="community_detail"),
]
