"""Admin sign-in: lockout after repeated failures per username and address,
a second factor for staff, and long passwords."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import current_totp_code, login_with_second_factor

LOGIN = reverse("admin:login")
PASSWORD = "correct horse battery"


@pytest.fixture
def curator(django_user_model):
    user = django_user_model.objects.create_superuser(
        "ada", "ada@example.org", PASSWORD
    )
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def sign_in(client, password, code="", **extra):
    return client.post(
        LOGIN,
        {"username": "ada", "password": password, "otp_token": code, "next": "/admin/"},
        **extra,
    )


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_out_that_username_from_that_address(curator):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(2):
        assert sign_in(attacker, "guess").status_code == 200  # the form again

    locked = sign_in(attacker, "guess")
    # Even the right password and code are refused while locked out.
    still_locked = sign_in(
        attacker, PASSWORD, current_totp_code(curator.totpdevice_set.get())
    )

    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()
    assert still_locked.status_code == 429
    assert "_auth_user_id" not in attacker.session

    # The curator, signing in from their own address, is not locked out.
    own = Client(REMOTE_ADDR="198.51.100.20")
    response = sign_in(own, PASSWORD, current_totp_code(curator.totpdevice_set.get()))
    assert response.status_code == 302, response.context["form"].errors
    assert own.get(reverse("admin:index")).status_code == 200


@override_settings(AXES_FAILURE_LIMIT=2, CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
def test_lockout_counts_the_visitor_address_behind_the_proxy(curator):
    """Everyone comes from the proxy's address: the lockout must count the
    address the proxy recorded, as the submission limit does."""
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    attacker = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    for _ in range(2):
        sign_in(attacker, "guess")
    assert sign_in(attacker, "guess").status_code == 429

    curator_behind_proxy = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.20")
    code = current_totp_code(curator.totpdevice_set.get())
    assert sign_in(curator_behind_proxy, PASSWORD, code).status_code == 302


def test_password_alone_does_not_open_the_admin(curator):
    client = Client()

    response = sign_in(client, PASSWORD)

    assert response.status_code == 200
    assert "Please enter your OTP token" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


def test_password_and_current_code_open_the_admin(curator):
    client = Client()

    response = sign_in(
        client, PASSWORD, current_totp_code(curator.totpdevice_set.get())
    )

    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_staff_signed_in_without_second_factor_cannot_reach_the_admin(
    client, make_curator
):
    """A session with a password only (no verified device) is sent to sign in."""
    client.force_login(make_curator())

    for path in [reverse("admin:index"), reverse("admin:practices_practice_add")]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


def test_staff_without_a_device_cannot_sign_in(make_curator):
    user = make_curator("bob")
    user.set_password(PASSWORD)
    user.save()
    client = Client()

    response = client.post(
        LOGIN, {"username": "bob", "password": PASSWORD, "otp_token": "123456"}
    )

    assert response.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def test_administrator_sets_up_a_device_for_a_curator_in_the_admin(
    client, django_user_model, make_curator
):
    admin_user = django_user_model.objects.create_superuser("root", "r@example.org")
    login_with_second_factor(client, admin_user)
    curator = make_curator("bob")

    response = client.post(
        reverse("admin:otp_totp_totpdevice_add"),
        {
            "user": curator.pk,
            "name": "bob's phone",
            "key": TOTPDevice().key,
            "step": 30,
            "t0": 0,
            "digits": 6,
            "tolerance": 1,
            "drift": 0,
            "throttling_failure_count": 0,
            "confirmed": "on",
        },
    )

    assert response.status_code == 302, response.context["adminform"].errors
    device = TOTPDevice.objects.get(user=curator)
    config = client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk]))
    assert config.status_code == 200


def test_command_gives_the_first_device(django_user_model, capsys):
    user = django_user_model.objects.create_superuser("root", "r@example.org")

    call_command("add_totp_device", "root")

    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed
    assert capsys.readouterr().out.strip() == device.config_url


@pytest.mark.parametrize("password", ["Tv3t!kb-2024", "quite-long-pw"])
def test_passwords_need_twelve_characters(password):
    validate_password(password)
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password(password[:11])
