from tests import factories
from trust.tokens import api_token_create


def test_a_token_over_its_budget_gets_429_with_retry_after(client, owner, settings):
    settings.API_RATE_LIMIT = "3/minute"
    _, key = api_token_create(user=owner)
    headers = {"Authorization": f"Token {key}"}
    statuses = [client.get("/api/v1/communities/", headers=headers).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/communities/", headers=headers)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["code"] == "throttled"


def test_budgets_are_per_token(client, owner, settings):
    settings.API_RATE_LIMIT = "2/minute"
    _, first = api_token_create(user=owner)
    _, second = api_token_create(user=factories.UserFactory())
    for _ in range(2):
        client.get("/api/v1/communities/", headers={"Authorization": f"Token {first}"})
    assert (
        client.get("/api/v1/communities/", headers={"Authorization": f"Token {first}"}).status_code
        == 429
    )
    assert (
        client.get("/api/v1/communities/", headers={"Authorization": f"Token {second}"}).status_code
        == 200
    )


def test_the_schema_documents_429_on_every_operation(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert "429" in operation["responses"], (method, path)


def test_the_schema_documents_401_on_every_operation(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert "401" in operation["responses"], (method, path)
