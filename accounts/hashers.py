"""Argon2id with parameters chosen by policy (DESIGN: at least m=19 MiB, t=2, p=1).

The algorithm name stays "argon2", so hashes are Django-compatible; when the parameters change, Django's
must_update() re-hashes a user's password at their next successful login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher

from accounts.conf import accounts_settings


class Argon2idHasher(Argon2PasswordHasher):
    @property
    def time_cost(self):
        return accounts_settings.ARGON2_TIME_COST

    @property
    def memory_cost(self):
        return accounts_settings.ARGON2_MEMORY_KIB

    @property
    def parallelism(self):
        return accounts_settings.ARGON2_PARALLELISM
