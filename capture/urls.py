from django.urls import path

from capture import views

urlpatterns = [
    path("capture/", views.capture_page, name="capture"),
    path("capture/private/", views.exclusion_add, name="capture_exclusion_add"),
    path(
        "capture/private/<int:pk>/delete/",
        views.exclusion_delete,
        name="capture_exclusion_delete",
    ),
    path("capture/suggestions/", views.suggestion_list, name="capture_suggestions"),
    path("capture/suggestions/add/", views.suggestion_add, name="capture_suggestion_add"),
    path(
        "capture/suggestions/dismiss/", views.suggestion_dismiss, name="capture_suggestion_dismiss"
    ),
]
