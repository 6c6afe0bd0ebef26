"""The one normal form of an email address, used for storage, lookups and rate-limit keys alike."""

import unicodedata


def normalize_email(raw):
    """NFKC (full-width forms fold to ASCII), trimmed, lower-cased.

    The whole address is lower-cased, not only the domain: no real mail system treats local parts case-sensitively,
    and one account per spelling would let an attacker dodge per-account counters.
    """
    if raw is None:
        return ""
    return unicodedata.normalize("NFKC", str(raw)).strip().lower()
