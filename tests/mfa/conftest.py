import pytest

from tests.helpers import make_user
from tests.mfa.helpers import enrol


@pytest.fixture
def enrolled(user):
    """(user, device, recovery codes) for a user with two-factor on."""
    device, codes = enrol(user)
    return user, device, codes


@pytest.fixture
def superuser(db):
    return make_user("root@example.com", is_staff=True, is_superuser=True)
