"""Bad input in addresses gets a clear 4xx or is ignored, never a 500, on any database."""

import pytest

HUGE = "99999999999999999999"

URLS = [
    f"/organisations/{HUGE}/",
    f"/contacts/{HUGE}/",
    f"/communities/{HUGE}/",
    f"/interventions/{HUGE}/",
    f"/interventions/{HUGE}/edit/",
    f"/interactions/new/?organisation={HUGE}",
    "/interactions/new/?organisation=abc",
    f"/interactions/contacts/?organisation={HUGE}",
    f"/interactions/{HUGE}/edit/",
    f"/interactions/{HUGE}/delete/",
    f"/interventions/new/?organisation={HUGE}",
    f"/interventions/new/?community={HUGE}",
    f"/interventions/overlaps/?organisation={HUGE}&starts_on=2026-01-01&ends_on=2026-02-01",
    f"/interventions/overlaps/?contacts={HUGE}&starts_on=2026-01-01&ends_on=2026-02-01",
    f"/interventions/overlaps/?contacts={HUGE}&contacts=abc&community={HUGE}&starts_on=x",
    "/interventions/overlaps/?organisation=abc&starts_on=2026-02-01&ends_on=2026-01-01",
    "/interventions/new/?community=abc",
    f"/commitments/new/?organisation={HUGE}",
    f"/issues/new/?organisation={HUGE}",
    f"/organisations/?page={HUGE}{HUGE}",
    f"/organisations/?community={HUGE}&level=abc&key=maybe&sort=evil",
    f"/interventions/?unit={HUGE}&organisation={HUGE}&page=-3",
    f"/interventions/?page={HUGE}{HUGE}",
    f"/communities/?page={HUGE}{HUGE}",
]


@pytest.mark.parametrize("url", URLS)
def test_bad_addresses_never_fail_with_500(client, owner, url):
    client.force_login(owner)
    assert client.get(url).status_code < 500
