"""A human description of a browser from its User-Agent: "Firefox 132 on Windows 10"."""

from functools import lru_cache

from user_agents import parse


@lru_cache(maxsize=1024)
def device_family(user_agent_string):
    """Browser family and OS family only ("Firefox on Windows"): what session binding compares, so the browser's
    own updates (a new version in the User-Agent) do not end a session."""
    if not user_agent_string:
        return "unknown"
    agent = parse(user_agent_string)
    if agent.browser.family == "Other" and agent.os.family == "Other":
        return user_agent_string[:200]  # not a browser we can name (a script, a bot): the exact string must match
    return f"{agent.browser.family} on {agent.os.family}"


@lru_cache(maxsize=1024)
def describe_device(user_agent_string):
    if not user_agent_string:
        return "an unknown device"
    agent = parse(user_agent_string)
    browser = " ".join(part for part in (agent.browser.family, agent.browser.version_string.split(".")[0]) if part)
    system = " ".join(part for part in (agent.os.family, agent.os.version_string) if part)
    if browser == "Other" and system == "Other":
        return user_agent_string[:80]
    return f"{browser} on {system}"
