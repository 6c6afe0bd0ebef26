"""The password policy: 12 to 1024 characters, common and similar passwords refused, nothing truncated."""

import time
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from accounts.hashers import Argon2idHasher
from accounts.password_validation import ComplexityValidator, MaximumLengthValidator, check_new_password
from tests.helpers import PASSWORD, is_signed_in, make_user

MEGABYTE_PASSWORD = "x" * (1024 * 1024)


def refusal_codes(password, user=None):
    with pytest.raises(ValidationError) as caught:
        check_new_password(password, user)
    return {error.code for error in caught.value.error_list}


def test_policy_accepts_a_long_unusual_passphrase(db):
    check_new_password("plum kettle orbit sandal", make_user("carol@example.com"))


def test_passwords_shorter_than_12_characters_are_refused():
    assert "password_too_short" in refusal_codes("short pass1")


def test_passwords_longer_than_1024_characters_are_refused():
    check_new_password("q7 unusual words " * 60 + "z" * 4)  # 1024 characters: allowed
    assert refusal_codes("a" * 1025) == {"password_too_long"}


def test_common_passwords_are_refused():
    assert "password_too_common" in refusal_codes("password1234")


def test_a_password_like_the_account_email_is_refused(db):
    user = make_user("margaret.hamilton@example.com", display_name="Margaret Hamilton")
    assert "password_too_similar" in refusal_codes("margaret.hamilton", user)


def test_no_composition_rules_by_default():
    check_new_password("all lower case words only")


def test_optional_complexity_validator_wants_upper_lower_and_digit():
    validator = ComplexityValidator()
    with pytest.raises(ValidationError, match="an upper-case letter, a digit"):
        validator.validate("only lower case words")
    validator.validate("Lower and Upper 42")
    validator.validate("ÉCOLE école 7")  # letters by Unicode category, not only ASCII


def test_maximum_length_validator_explains_itself():
    assert "1024" in MaximumLengthValidator().get_help_text()


def test_a_password_differing_only_in_its_last_character_is_refused(client, db):
    # Argon2 hashes every byte: no truncation at 72 bytes (bcrypt's limit) or anywhere else.
    long_password = "correct horse battery staple " * 10 + "A"
    user = make_user("dora@example.com", password=long_password)
    assert user.check_password(long_password)
    assert not user.check_password(long_password[:-1] + "B")
    assert not user.check_password(long_password[:-1])
    response = client.post("/login/", {"email": user.email, "password": PASSWORD[:-1] + "X"})
    assert response.status_code == 400
    response = client.post("/login/", {"email": user.email, "password": long_password[:-1] + "B"})
    assert response.status_code == 400
    assert not is_signed_in(client)


@pytest.fixture
def hasher_forbidden():
    """Fails the test if any password would be hashed or checked, or the policy validators would run."""
    forbidden = AssertionError("an over-long password reached the hasher or the validators")
    with (
        mock.patch.object(Argon2idHasher, "encode", side_effect=forbidden) as encode,
        mock.patch.object(Argon2idHasher, "verify", side_effect=forbidden) as verify,
        mock.patch("accounts.password_validation.validate_password", side_effect=forbidden) as validate,
    ):
        yield
    assert not (encode.called or verify.called or validate.called)


def post_fast(client, path, data):
    started = time.perf_counter()
    response = client.post(path, data)
    elapsed = time.perf_counter() - started
    assert response.status_code == 400, response.status_code
    assert elapsed < 1.0, f"{path} took {elapsed:.2f}s"
    assert b"at most 1024 characters" in response.content
    assert MEGABYTE_PASSWORD[:2000].encode() not in response.content  # never echoed back
    return response


def test_megabyte_password_on_login_is_a_fast_form_error(client, user, hasher_forbidden):
    post_fast(client, "/login/", {"email": user.email, "password": MEGABYTE_PASSWORD})


def test_megabyte_password_on_signup_is_a_fast_form_error(client, db, hasher_forbidden):
    post_fast(client, "/signup/", {"email": "new@example.com", "display_name": "New",
                                   "new_password1": MEGABYTE_PASSWORD, "new_password2": MEGABYTE_PASSWORD})


def test_megabyte_password_on_password_change_is_a_fast_form_error(signed_in_client, hasher_forbidden):
    post_fast(signed_in_client, "/account/password/", {"current_password": MEGABYTE_PASSWORD,
                                                       "new_password1": MEGABYTE_PASSWORD, "new_password2": ""})
    post_fast(signed_in_client, "/account/password/", {"current_password": "", "new_password1": MEGABYTE_PASSWORD,
                                                       "new_password2": MEGABYTE_PASSWORD})


def test_megabyte_password_on_reset_form_is_a_fast_form_error(client, user, mailoutbox):
    from tests.helpers import mail_link, path_of

    client.post("/password/reset/", {"email": user.email})
    client.get(path_of(mail_link(mailoutbox[-1], "/password/reset/")))
    with (
        mock.patch.object(Argon2idHasher, "encode", side_effect=AssertionError) as encode,
        mock.patch("accounts.password_validation.validate_password", side_effect=AssertionError) as validate,
    ):
        post_fast(client, "/password/reset/set/", {"new_password1": MEGABYTE_PASSWORD,
                                                   "new_password2": MEGABYTE_PASSWORD})
    assert not encode.called and not validate.called
