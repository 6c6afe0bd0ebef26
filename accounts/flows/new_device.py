"""New-device alerts: a sign-in from a browser/IP pair not seen for this user in 90 days is emailed and audited."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from accounts.conf import accounts_settings
from accounts.device_names import describe_device
from accounts.mail import notify_user, site_link
from accounts.models import KnownDevice
from audit import events
from audit.client import client_ip, user_agent
from audit.record import record


def device_fingerprint(request, secret=None):
    """A keyed hash of (browser and OS, IP): minor browser updates do not count as a new device."""
    pair = f"{describe_device(user_agent(request))}|{client_ip(request)}"
    return hmac.new((secret or settings.SECRET_KEY).encode(), pair.encode(), hashlib.sha256).hexdigest()


def _fingerprints_under_old_keys(request):
    # After a SECRET_KEY rotation the devices remembered under the old key are still known (SECRET_KEY_FALLBACKS).
    return [device_fingerprint(request, secret=key) for key in settings.SECRET_KEY_FALLBACKS]


def alert_if_new_device(request, user):
    """Remember this device; email the user when it is new to an account that already had others."""
    now = timezone.now()
    fingerprint = device_fingerprint(request)
    older = _fingerprints_under_old_keys(request)
    window_start = now - timedelta(days=accounts_settings.NEW_DEVICE_WINDOW_DAYS)
    devices = KnownDevice.objects.filter(user=user)
    known = devices.filter(fingerprint__in=[fingerprint, *older], last_seen__gte=window_start).exists()
    if older:
        devices.filter(fingerprint__in=older).delete()  # remembered again below, under the current key
    first_device = not known and not devices.exists()
    KnownDevice.objects.update_or_create(user=user, fingerprint=fingerprint, defaults={"last_seen": now})
    if known or first_device:
        # The very first sign-in of an account has nothing to compare with: no alert for it.
        return
    record(events.NEW_DEVICE, request=request, user=user, device=describe_device(user_agent(request)))
    notify_user(user, "new_device", request=request, sessions_url=site_link("/account/sessions/"))


def notify_session_used_elsewhere(user, request):
    """Session binding ended a session used from another device or network: the owner gets the new-device mail, with
    a line saying that session was ended. Queued (accounts.mail): the attacker's request never waits on mail."""
    notify_user(user, "new_device", request=request, sessions_url=site_link("/account/sessions/"), session_ended=True)
