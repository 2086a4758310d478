from django.urls import path

from scorecard import views

urlpatterns = [
    path("scorecard/", views.dashboard, name="scorecard"),
    path("scorecard/records/<slug:code>/", views.records, name="scorecard_records"),
]
