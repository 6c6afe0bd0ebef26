"""docker-compose.yml: the single-Redis default and the optional Sentinel profile (1 master, 1 replica, 3 sentinels),
with the app able to run as several replicas behind the load balancer; the Sentinel env file passes start-up."""

import json
import shutil
import subprocess
from pathlib import Path

import yaml

from tests.scaleout.test_sentinel_settings import PRODUCTION, start

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def env_file(path):
    lines = (line.strip() for line in (ROOT / path).read_text().splitlines())
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_the_default_is_one_redis_and_the_sentinel_profile_adds_a_master_a_replica_and_three_sentinels():
    default = {name for name, service in SERVICES.items() if not service.get("profiles")}
    sentinel = {name for name, service in SERVICES.items() if "sentinel" in service.get("profiles", [])}
    assert {"db", "redis", "migrate", "app", "lb"} <= default
    assert sentinel == {"redis-master", "redis-replica", "sentinel-1", "sentinel-2", "sentinel-3"}
    assert "--replicaof" in SERVICES["redis-replica"]["command"]
    for name in ("sentinel-1", "sentinel-2", "sentinel-3"):
        assert "--sentinel" in SERVICES[name]["command"][-1]
        assert "sentinel monitor authsite redis-master 6379 2" in SERVICES[name]["command"][-1]


def test_the_app_can_scale_behind_the_load_balancer():
    app = SERVICES["app"]
    assert "ports" not in app  # a fixed host port would stop a second replica from starting
    assert SERVICES["lb"]["ports"] == ["8000:8000"]
    assert app["environment"]["TRUSTED_PROXY_COUNT"] == "1"  # else one IP lock would lock every client out
    assert "server app:8000" in (ROOT / "deploy" / "nginx.conf").read_text()


def test_the_sentinel_env_file_points_the_app_at_the_sentinels_and_passes_start_up():
    values = env_file("deploy/sentinel.env")
    assert values["COMPOSE_PROFILES"] == "sentinel"
    result = start(**PRODUCTION, **{key: value for key, value in values.items() if key.startswith("REDIS_")})
    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout)["OPTIONS"]
    assert options["SENTINELS"] == [[f"sentinel-{n}", 26379] for n in (1, 2, 3)]
    assert options["CONNECTION_POOL_CLASS"] == "authsite.sentinel.MasterRecheckingPool"


def compose_command():
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    return [shutil.which("docker-compose") or "docker-compose"]


def test_compose_config_validates_both_setups():
    for extra in ([], ["--env-file", "deploy/sentinel.env"]):
        result = subprocess.run([*compose_command(), *extra, "config", "-q"], cwd=ROOT, capture_output=True,
                                text=True, timeout=60)
        assert result.returncode == 0, result.stderr
