#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "authsite.settings")
    from django.core.exceptions import ImproperlyConfigured

    from authsite.env import refuse, set_up_or_refuse

    # Read the settings now, so a missing or invalid variable (SECRET_KEY, DATABASE_URL, REDIS_URL, AUTHSITE_*)
    # stops every command, runserver included, with one line instead of a traceback.
    set_up_or_refuse()
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as refusal:  # one a command meets later (a setting only it reads)
        refuse(refusal)


if __name__ == "__main__":
    main()
