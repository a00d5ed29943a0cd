"""scrypt password hashes with a per-user salt."""

from __future__ import annotations

import base64

import pytest

from chalicelib.services.accounts import _passwords as passwords


@pytest.fixture(scope="module")
def stored() -> str:
    return passwords.hash_password("correct horse battery")


def test_a_hash_is_scrypt_with_the_production_cost_salt_and_key(stored: str) -> None:
    scheme, n, r, p, salt, key = stored.split("$")

    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert len(base64.urlsafe_b64decode(salt + "==")) == passwords.SALT_BYTES
    assert len(base64.urlsafe_b64decode(key + "==")) == passwords.KEY_BYTES


def test_the_hash_does_not_contain_the_password(stored: str) -> None:
    assert "correct horse battery" not in stored


def test_the_same_password_hashes_differently_for_two_users(stored: str) -> None:
    again = passwords.hash_password("correct horse battery")

    assert again != stored
    assert again.split("$")[4] != stored.split("$")[4]


def test_the_right_password_verifies(stored: str) -> None:
    assert passwords.verify_password("correct horse battery", stored) is True


@pytest.mark.parametrize("wrong", ["correct horse batter", "Correct horse battery", "", "correct horse battery "])
def test_a_wrong_password_does_not_verify(stored: str, wrong: str) -> None:
    assert passwords.verify_password(wrong, stored) is False


def test_a_hash_made_with_other_parameters_still_verifies(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parameters travel with the hash, so raising the cost later keeps old hashes working."""
    monkeypatch.setattr(passwords, "N", 2**4)
    cheap = passwords.hash_password("pw-12345")
    monkeypatch.undo()

    assert cheap.split("$")[1] == "16"
    assert passwords.verify_password("pw-12345", cheap) is True
    assert passwords.verify_password("pw-123456", cheap) is False


@pytest.mark.parametrize(
    "malformed",
    [
        "",
        "plain-text-password",
        "scrypt$16384$8$1$salt",
        "scrypt$16384$8$1$salt$key$extra",
        "bcrypt$16384$8$1$c2FsdA$a2V5",
        "scrypt$many$8$1$c2FsdA$a2V5",
        "scrypt$3$8$1$c2FsdA$a2V5",
        "scrypt$16384$8$1$!!!$a2V5",
    ],
)
def test_a_malformed_hash_verifies_nothing(malformed: str) -> None:
    assert passwords.verify_password("anything", malformed) is False


def test_the_dummy_hash_used_for_unknown_accounts_matches_no_password() -> None:
    assert passwords.dummy_hash().startswith("scrypt$16384$8$1$")
    assert passwords.verify_password("", passwords.dummy_hash()) is False
    assert passwords.verify_password("correct horse battery", passwords.dummy_hash()) is False
