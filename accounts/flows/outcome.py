"""The one answer to "did the secret match?" for every check of a password or code, in every app."""

from enum import StrEnum


class Outcome(StrEnum):
    ACCEPTED = "accepted"  # it matched (and a one-time code is now spent)
    WRONG = "wrong"  # it did not match
    THROTTLED = "throttled"  # not checked: too many attempts; ask again later
