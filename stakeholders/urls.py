from django.urls import path

from stakeholders import views

urlpatterns = [
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("communities/<int:pk>/", views.community_detail, name="community_detail"),
]
