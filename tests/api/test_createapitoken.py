from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from trust.models import ApiToken


def test_createapitoken_prints_only_a_working_token(owner):
    out = StringIO()
    call_command("createapitoken", "owner", stdout=out)
    key = out.getvalue().strip()
    assert "\n" not in key and " " not in key and len(key) >= 43
    assert ApiToken.objects.get(user=owner).prefix == key[:8]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/contacts/").status_code == 200


def test_createapitoken_for_an_unknown_user_fails(db):
    with pytest.raises(CommandError, match="No user named"):
        call_command("createapitoken", "nobody", stdout=StringIO())
    assert not ApiToken.objects.exists()
