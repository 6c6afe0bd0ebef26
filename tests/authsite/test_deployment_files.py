"""docker-compose.yml: no published password in its stack, and no start without SECRET_KEY."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"


def services():
    return yaml.safe_load(COMPOSE.read_text())["services"]


def test_no_service_creates_the_demo_user():
    for name, service in services().items():
        command = service.get("command") or []
        assert "create_demo_user" not in " ".join(command if isinstance(command, list) else [command]), name


def test_every_app_service_requires_secret_key_naming_it():
    app_services = [name for name, service in services().items() if "build" in service]
    assert app_services
    for name in app_services:
        secret = services()[name]["environment"]["SECRET_KEY"]
        # Compose's "${VAR:?message}" stops `docker compose` itself (config, up, run) with the message.
        assert re.fullmatch(r"\$\{SECRET_KEY:\?[^}]*SECRET_KEY is not set[^}]*\}", secret), (name, secret)


def test_docker_compose_config_fails_naming_secret_key_and_passes_with_it():
    compose = shutil.which("docker-compose")
    command = [compose] if compose else ["docker", "compose"]
    if not compose and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0:
        # No compose binary on this machine: the interpolation rule above is what compose would apply.
        assert "${SECRET_KEY:?" in COMPOSE.read_text()
        return
    env = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    refused = subprocess.run([*command, "-f", str(COMPOSE), "config"], capture_output=True, text=True, env=env,
                             timeout=60)
    assert refused.returncode != 0
    assert "SECRET_KEY is not set" in refused.stderr
    accepted = subprocess.run([*command, "-f", str(COMPOSE), "config"], capture_output=True, text=True,
                              env={**env, "SECRET_KEY": "k" * 50}, timeout=60)
    assert accepted.returncode == 0, accepted.stderr
    assert "create_demo_user" not in accepted.stdout
