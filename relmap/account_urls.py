from django.urls import path

from relmap import account_views

urlpatterns = [
    path("account/tokens/", account_views.account_tokens, name="account_tokens"),
    path("account/tokens/new/", account_views.account_token_create, name="account_token_create"),
    path(
        "account/tokens/<int:pk>/revoke/",
        account_views.account_token_revoke,
        name="account_token_revoke",
    ),
]
