from django.urls import path

from exchange import views

urlpatterns = [
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/", views.import_new, name="import_new"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/columns/", views.import_remap, name="import_remap"),
    path("imports/<int:pk>/run/", views.import_commit, name="import_commit"),
    path("imports/<int:pk>/undo/", views.import_undo, name="import_undo"),
    path("exports/<slug:kind>.<slug:fmt>", views.export, name="export"),
]
