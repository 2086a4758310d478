import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from tests import factories

User = get_user_model()


def test_createuser_creates_a_user_with_role_and_unit(db):
    factories.UnitFactory(name="Key Accounts")
    out = io.StringIO()
    call_command(
        "createuser",
        "zoe",
        role="executive",
        unit="Key Accounts",
        password="long-pass-1",
        email="z@x.io",
        stdout=out,
    )
    user = User.objects.get(username="zoe")
    assert user.staff_profile.role == "executive" and user.staff_profile.unit.name == "Key Accounts"
    assert user.check_password("long-pass-1") and user.email == "z@x.io"
    assert "Created zoe" in out.getvalue()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"role": "wizard"}, "Unknown role"),
        ({"role": "analyst", "unit": "Nowhere"}, "No unit named"),
    ],
)
def test_createuser_refuses_bad_input_and_creates_nothing(db, kwargs, message):
    with pytest.raises(CommandError, match=message):
        call_command("createuser", "zoe", **kwargs)
    assert not User.objects.filter(username="zoe").exists()


def test_createuser_refuses_an_existing_username(db):
    factories.UserFactory(username="zoe")
    with pytest.raises(CommandError, match="already exists"):
        call_command("createuser", "zoe", role="analyst")
