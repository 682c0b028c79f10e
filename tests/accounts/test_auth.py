"""Registration, login, token rotation/revocation, throttling and password hashing, through
GraphQL as any API client would use them."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from django.conf import settings as django_settings

from marketplace.accounts.models import RefreshToken, User
from tests.factories import PASSWORD, UserFactory

REGISTER = """
mutation($input: AccountRegisterInput!) {
  accountRegister(input: $input) {
    user { id email firstName lastName languageCode isStaff }
    errors { field code message }
  }
}"""

TOKEN_CREATE = """
mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) {
    token refreshToken user { email }
    errors { field code message }
  }
}"""

TOKEN_REFRESH = """
mutation($t: String!) {
  tokenRefresh(refreshToken: $t) { token refreshToken user { email } errors { field code } }
}"""

TOKEN_REVOKE = """
mutation($t: String!) { tokenRevoke(refreshToken: $t) { errors { field code } } }"""

ME = "{ me { email firstName isStaff languageCode vendorMemberships { role vendor { slug } } } }"


def register(gql, **overrides):
    data = {
        "email": "sari@example.id",
        "password": "Kain-Batik-Indigo-77",
        "firstName": "Sari",
        "lastName": "Wulandari",
        "languageCode": "id",
    }
    data.update(overrides)
    return gql.data(REGISTER, {"input": data})["accountRegister"]


def codes(payload) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["errors"]]


# --- registration -------------------------------------------------------------------------


def test_register_creates_a_shopper_who_can_log_in(gql):
    payload = register(gql, email="  Sari@Example.ID ")
    assert payload["errors"] == []
    assert payload["user"]["email"] == "sari@example.id"
    assert payload["user"]["isStaff"] is False
    user = User.objects.get(email="sari@example.id")
    assert user.check_password("Kain-Batik-Indigo-77")
    login = gql.data(TOKEN_CREATE, {"email": "SARI@example.id", "password": "Kain-Batik-Indigo-77"})
    assert login["tokenCreate"]["errors"] == []
    assert login["tokenCreate"]["user"]["email"] == "sari@example.id"


@pytest.mark.parametrize("password", ["1234", "password123", "12345678901", "sariwulandari"])
def test_weak_password_is_refused_and_nothing_is_saved(gql, password):
    payload = register(gql, password=password, email="sariwulandari@example.id")
    assert ("password", "PASSWORD_TOO_WEAK") in codes(payload)
    assert payload["user"] is None
    assert not User.objects.exists()


def test_duplicate_email_answers_unique_whatever_the_case(gql):
    UserFactory(email="budi@example.id")
    payload = register(gql, email="BUDI@example.id")
    assert codes(payload) == [("email", "UNIQUE")]
    # The message does not say whose account it is or anything about it.
    assert "budi" not in payload["errors"][0]["message"].lower()
    assert User.objects.count() == 1


def test_every_invalid_field_is_reported_at_once(gql):
    payload = register(gql, email="bukan-email", languageCode="fr", firstName="x" * 151)
    assert set(codes(payload)) == {
        ("email", "INVALID"),
        ("languageCode", "INVALID"),
        ("firstName", "MAX_LENGTH"),
    }
    assert not User.objects.exists()


def test_registered_password_is_hashed_with_argon2_in_production(gql, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    assert register(gql)["errors"] == []
    user = User.objects.get(email="sari@example.id")
    assert user.password.startswith("argon2")
    login = gql.data(TOKEN_CREATE, {"email": "sari@example.id", "password": "Kain-Batik-Indigo-77"})
    assert login["tokenCreate"]["token"]


# --- login and me -------------------------------------------------------------------------


def test_login_returns_tokens_that_authenticate_me(gql):
    user = UserFactory(email="ani@example.id", first_name="Ani")
    result = gql.data(TOKEN_CREATE, {"email": "ani@example.id", "password": PASSWORD})[
        "tokenCreate"
    ]
    assert result["errors"] == []
    payload = jwt.decode(result["token"], django_settings.JWT_SIGNING_KEY, algorithms=["HS256"])
    assert payload["sub"] == str(user.pk)
    assert payload["exp"] - payload["iat"] == 15 * 60
    client = gql.__class__(result["token"])
    me = client.data(ME)["me"]
    assert me == {
        "email": "ani@example.id",
        "firstName": "Ani",
        "isStaff": False,
        "languageCode": "id",
        "vendorMemberships": [],
    }
    user.refresh_from_db()
    assert user.last_login is not None


def test_me_is_null_for_anonymous_callers(gql):
    assert gql.data(ME) == {"me": None}


@pytest.mark.parametrize(
    "email,password",
    [("ani@example.id", "salah-sandi-123"), ("tidakada@example.id", PASSWORD), ("", "")],
)
def test_wrong_credentials_answer_the_same_error(gql, email, password):
    UserFactory(email="ani@example.id")
    result = gql.data(TOKEN_CREATE, {"email": email, "password": password})["tokenCreate"]
    assert result["token"] is None and result["refreshToken"] is None and result["user"] is None
    assert codes(result) == [(None, "INVALID_CREDENTIALS")]
    assert result["errors"][0]["message"] == "Email atau kata sandi salah."
    assert not RefreshToken.objects.exists()


def test_inactive_user_cannot_log_in(gql):
    UserFactory(email="ani@example.id", is_active=False)
    result = gql.data(TOKEN_CREATE, {"email": "ani@example.id", "password": PASSWORD})[
        "tokenCreate"
    ]
    assert codes(result) == [(None, "INVALID_CREDENTIALS")]


def test_expired_access_token_answers_invalid_token_401(gql):
    user = UserFactory()
    past = datetime.now(UTC) - timedelta(minutes=16)
    token = jwt.encode(
        {
            "sub": str(user.pk),
            "type": "access",
            "iat": int(past.timestamp()),
            "exp": int((past + timedelta(minutes=15)).timestamp()),
        },
        django_settings.JWT_SIGNING_KEY,
        algorithm="HS256",
    )
    response = gql.__class__(token).post(ME)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"


def test_forged_access_token_answers_invalid_token_401(gql):
    user = UserFactory()
    token = jwt.encode(
        {"sub": str(user.pk), "type": "access", "exp": 4102444800},
        "not-our-key-but-long-enough-for-hs256-0123456789",
        algorithm="HS256",
    )
    response = gql.__class__(token).post(ME)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"


# --- refresh tokens -----------------------------------------------------------------------


def login(gql, email="ani@example.id"):
    result = gql.data(TOKEN_CREATE, {"email": email, "password": PASSWORD})["tokenCreate"]
    assert result["errors"] == []
    return result


def test_refresh_rotates_and_only_a_hash_is_stored(gql):
    UserFactory(email="ani@example.id")
    first = login(gql)
    row = RefreshToken.objects.get()
    assert row.token_hash == hashlib.sha256(first["refreshToken"].encode()).hexdigest()
    assert first["refreshToken"] not in row.token_hash

    second = gql.data(TOKEN_REFRESH, {"t": first["refreshToken"]})["tokenRefresh"]
    assert second["errors"] == []
    assert second["refreshToken"] != first["refreshToken"]
    assert second["user"] == {"email": "ani@example.id"}
    me = gql.__class__(second["token"]).data(ME)["me"]
    assert me["email"] == "ani@example.id"

    third = gql.data(TOKEN_REFRESH, {"t": second["refreshToken"]})["tokenRefresh"]
    assert third["errors"] == []
    rows = list(RefreshToken.objects.order_by("pk"))
    assert len(rows) == 3 and len({r.family for r in rows}) == 1
    assert rows[0].replaced_by_id == rows[1].pk and rows[1].replaced_by_id == rows[2].pk


def test_reusing_a_rotated_refresh_token_revokes_the_whole_family(gql):
    UserFactory(email="ani@example.id")
    other_session = login(gql)
    first = login(gql)
    second = gql.data(TOKEN_REFRESH, {"t": first["refreshToken"]})["tokenRefresh"]
    assert second["errors"] == []

    replay = gql.data(TOKEN_REFRESH, {"t": first["refreshToken"]})["tokenRefresh"]
    assert codes(replay) == [("refreshToken", "INVALID_TOKEN")]
    assert replay["token"] is None

    # The legitimate holder's newest token died with the family...
    after = gql.data(TOKEN_REFRESH, {"t": second["refreshToken"]})["tokenRefresh"]
    assert codes(after) == [("refreshToken", "INVALID_TOKEN")]
    # ...but another login session of the same user is untouched.
    untouched = gql.data(TOKEN_REFRESH, {"t": other_session["refreshToken"]})["tokenRefresh"]
    assert untouched["errors"] == []


def test_revoked_refresh_token_no_longer_refreshes(gql):
    UserFactory(email="ani@example.id")
    session = login(gql)
    rotated = gql.data(TOKEN_REFRESH, {"t": session["refreshToken"]})["tokenRefresh"]
    revoke = gql.data(TOKEN_REVOKE, {"t": rotated["refreshToken"]})["tokenRevoke"]
    assert revoke["errors"] == []
    assert not RefreshToken.objects.filter(revoked_at__isnull=True).exists()
    refused = gql.data(TOKEN_REFRESH, {"t": rotated["refreshToken"]})["tokenRefresh"]
    assert codes(refused) == [("refreshToken", "INVALID_TOKEN")]
    # Revoking twice is harmless.
    assert gql.data(TOKEN_REVOKE, {"t": rotated["refreshToken"]})["tokenRevoke"]["errors"] == []


def test_unknown_or_expired_refresh_token_is_invalid(gql):
    UserFactory(email="ani@example.id")
    unknown = gql.data(TOKEN_REFRESH, {"t": "tidak-ada"})["tokenRefresh"]
    assert codes(unknown) == [("refreshToken", "INVALID_TOKEN")]
    session = login(gql)
    RefreshToken.objects.update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    expired = gql.data(TOKEN_REFRESH, {"t": session["refreshToken"]})["tokenRefresh"]
    assert codes(expired) == [("refreshToken", "INVALID_TOKEN")]
    assert gql.data(TOKEN_REVOKE, {"t": "tidak-ada"})["tokenRevoke"]["errors"][0]["code"] == (
        "INVALID_TOKEN"
    )


# --- throttling ---------------------------------------------------------------------------


def aliased_logins(emails_and_passwords) -> str:
    fields = "\n".join(
        f't{i}: tokenCreate(email: "{email}", password: "{password}") {{ token errors {{ code }} }}'
        for i, (email, password) in enumerate(emails_and_passwords)
    )
    return f"mutation {{\n{fields}\n}}"


def outcomes(data: dict, n: int) -> list[str]:
    result = []
    for i in range(n):
        field = data[f"t{i}"]
        result.append("OK" if field["token"] else field["errors"][0]["code"])
    return result


def test_per_account_limit_counts_each_aliased_attempt(gql, settings):
    settings.LOGIN_RATE_LIMIT_PER_ACCOUNT = "5/minute"
    settings.LOGIN_RATE_LIMIT_PER_IP = "1000/minute"
    UserFactory(email="ani@example.id")
    attempts = [("ani@example.id", f"tebakan-{i}") for i in range(99)] + [
        ("ani@example.id", PASSWORD)
    ]
    data = gql.data(aliased_logins(attempts))
    results = outcomes(data, 100)
    assert results[:5] == ["INVALID_CREDENTIALS"] * 5
    # Once the limit is spent even the right password is refused without being checked.
    assert results[5:] == ["TOO_MANY_REQUESTS"] * 95
    assert not RefreshToken.objects.exists()
    # Another account from the same client is not affected.
    UserFactory(email="budi@example.id")
    other = gql.data(TOKEN_CREATE, {"email": "budi@example.id", "password": PASSWORD})
    assert other["tokenCreate"]["errors"] == []


def test_per_ip_limit_counts_each_aliased_attempt_across_accounts(gql, settings):
    settings.LOGIN_RATE_LIMIT_PER_ACCOUNT = "5/minute"
    settings.LOGIN_RATE_LIMIT_PER_IP = "20/minute"
    UserFactory(email="ani@example.id")
    attempts = [(f"orang{i}@example.id", "tebakan-sandi") for i in range(100)]
    response = gql.post(aliased_logins(attempts), REMOTE_ADDR="203.0.113.7")
    results = outcomes(response.json()["data"], 100)
    assert results[:20] == ["INVALID_CREDENTIALS"] * 20
    assert results[20:] == ["TOO_MANY_REQUESTS"] * 80
    blocked = gql.post(
        TOKEN_CREATE, {"email": "ani@example.id", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
    ).json()["data"]["tokenCreate"]
    assert blocked["errors"][0]["code"] == "TOO_MANY_REQUESTS"
    # The same account from another address still logs in.
    other_ip = gql.post(
        TOKEN_CREATE, {"email": "ani@example.id", "password": PASSWORD}, REMOTE_ADDR="198.51.100.2"
    ).json()["data"]["tokenCreate"]
    assert other_ip["errors"] == [] and other_ip["token"]


def test_successful_logins_within_the_limit_all_succeed(gql, settings):
    settings.LOGIN_RATE_LIMIT_PER_ACCOUNT = "3/minute"
    UserFactory(email="ani@example.id")
    data = gql.data(aliased_logins([("ani@example.id", PASSWORD)] * 4))
    assert outcomes(data, 4) == ["OK", "OK", "OK", "TOO_MANY_REQUESTS"]
    assert RefreshToken.objects.count() == 3


def test_registrations_are_throttled_per_ip(gql, settings):
    settings.REGISTER_RATE_LIMIT_PER_IP = "2/minute"
    assert register(gql, email="a@example.id")["errors"] == []
    assert register(gql, email="b@example.id")["errors"] == []
    third = register(gql, email="c@example.id")
    assert codes(third) == [(None, "TOO_MANY_REQUESTS")]
    assert sorted(User.objects.values_list("email", flat=True)) == ["a@example.id", "b@example.id"]
