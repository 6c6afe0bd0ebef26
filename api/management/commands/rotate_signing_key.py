"""Rotate the API's signing keys in the key-set file (API_SIGNING_KEYS_FILE). See README, "JWT API".

    --init     first key: when the file has no current key, make one that signs at once (new deployments)
    --stage    make a new key, published in the JWKS but not signing yet
    --promote  the staged key signs from now on; the current one retires (still verifies its tokens)
    --prune    drop keys retired longer than the access-token lifetime
    --list     show the keys and their states

A normal rotation: --stage, wait at least the JWKS cache time (JWKS_MAX_AGE_SECONDS, 5 minutes) so every client and
server knows the new key, --promote, and later --prune. No token stops working before it expires.
"""

import time
from datetime import UTC, datetime

from django.core.management.base import BaseCommand, CommandError

from accounts.management.support import operator_actor
from api import keys
from api.conf import api_settings
from audit import events
from audit.record import record


class Command(BaseCommand):
    help = "Stage, promote or prune the JWT signing keys in API_SIGNING_KEYS_FILE."

    def add_arguments(self, parser):
        actions = parser.add_mutually_exclusive_group(required=True)
        for flag, text in [("--init", "make a current key if the file has none"),
                           ("--stage", "add a new key, published but not signing"),
                           ("--promote", "the staged key signs; the current one retires"),
                           ("--prune", "drop keys retired longer than the access-token lifetime"),
                           ("--list", "show the keys")]:
            actions.add_argument(flag, action="store_true", help=text)
        parser.add_argument("--algorithm", choices=keys.ALGORITHMS, default=None,
                            help="for --init/--stage (default: AUTHSITE_SIGNING_ALGORITHM, RS256)")

    def handle(self, *args, **options):
        alg = options["algorithm"] or api_settings.SIGNING_ALGORITHM
        now = time.time()
        if options["list"]:
            return self._list(keys.entries())
        try:
            with keys.editing() as entries:
                if options["init"]:
                    message = self._init(entries, alg)
                elif options["stage"]:
                    message = f"Staged key {keys.stage(entries, alg)} ({alg}): published, not signing yet."
                elif options["promote"]:
                    new, old = keys.promote(entries, now)
                    message = f"Key {new} signs from now on." + (f" Key {old} retired." if old else "")
                else:
                    dropped = keys.prune(entries, now)
                    message = f"Pruned {len(dropped)} retired key(s)." + (f" ({', '.join(dropped)})" if dropped else "")
        except keys.KeySetError as error:
            raise CommandError(str(error)) from error
        action = next(name for name in ("init", "stage", "promote", "prune") if options[name])
        record(events.API_SIGNING_KEY_ROTATED, actor=operator_actor(), action=action, algorithm=alg)
        self.stdout.write(message)

    def _init(self, entries, alg):
        if any(entry["state"] == keys.CURRENT for entry in entries):
            return "The key set already has a current key; nothing to do."
        kid = keys.stage(entries, alg)
        keys.promote(entries, time.time())
        return f"Key {kid} ({alg}) created and signing."

    def _list(self, entries):
        for entry in entries:
            retired = entry.get("retired_at")
            since = f", retired {datetime.fromtimestamp(retired, UTC):%Y-%m-%d %H:%M} UTC" if retired else ""
            self.stdout.write(f"{entry['kid']}  {entry['alg']:<6} {entry['state']}{since}")
        if not entries:
            self.stdout.write("No keys.")
