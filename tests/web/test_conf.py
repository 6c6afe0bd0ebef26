"""web.conf: knobs are resolved once, and a changed setting is seen at once."""

from django.test import override_settings

from accounts.conf import accounts_settings


def test_a_knob_read_before_a_setting_changes_follows_the_change():
    assert accounts_settings.SESSION_TOUCH_SECONDS == 60  # read, so resolved and kept
    with override_settings(AUTHSITE_SESSION_TOUCH_SECONDS=5):
        assert accounts_settings.SESSION_TOUCH_SECONDS == 5
    assert accounts_settings.SESSION_TOUCH_SECONDS == 60


def test_a_changed_profile_moves_the_defaults_it_names(settings):
    assert accounts_settings.SESSION_BINDING == "off"
    settings.AUTHSITE_PROFILE = "banking"
    assert accounts_settings.SESSION_BINDING != "off"
