from django.urls import path

from scorecard import alert_views, views

urlpatterns = [
    path("scorecard/", views.dashboard, name="scorecard"),
    path("scorecard/records/<slug:code>/", views.records, name="scorecard_records"),
    path("scorecard/alerts/", alert_views.alert_list, name="scorecard_alerts"),
    path("scorecard/alerts/<int:pk>/", alert_views.alert_act, name="scorecard_alert_act"),
]
