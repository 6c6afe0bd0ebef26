"""Policy knobs: a misspelt AUTHSITE_* name or a plug-in path that does not import stops start-up, naming it."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.checks import Error

from web.checks import check_policy_knobs

ROOT = Path(__file__).resolve().parents[2]


def manage_check(**env):
    base = {key: value for key, value in os.environ.items() if not key.startswith("AUTHSITE_")}
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env={**base, "DEBUG": "1", **env},
                          capture_output=True, text=True, timeout=60)


def test_a_misspelt_knob_in_the_environment_stops_start_up_naming_it():
    result = manage_check(AUTHSITE_LOGIN_ACCOUNT_MAX_FAILUERS="3")
    assert result.returncode != 0
    assert "AUTHSITE_LOGIN_ACCOUNT_MAX_FAILUERS" in result.stderr


def test_a_correctly_spelt_knob_starts():
    result = manage_check(AUTHSITE_LOGIN_ACCOUNT_MAX_FAILURES="3")
    assert result.returncode == 0, result.stderr


def test_the_check_names_an_unknown_setting_and_a_plug_in_that_does_not_import(settings):
    settings.AUTHSITE_REAUTH_SECOND = 60  # misspelt REAUTH_SECONDS in a settings file
    settings.AUTHSITE_LOGIN_STAGES = ["mfa.stages.second_factor", "mfa.stages.no_such_stage"]
    messages = [message.msg for message in check_policy_knobs() if isinstance(message, Error)]
    assert any("AUTHSITE_REAUTH_SECOND " in message for message in messages)
    assert any("mfa.stages.no_such_stage" in message for message in messages)
    assert len(messages) == 2


def test_the_shipped_configuration_passes_the_check():
    assert check_policy_knobs() == []
