"""gunicorn's configuration for the baseline stacks of bench/pageviews.py (bench/plain_settings.py): nothing.

The project's own gunicorn.conf.py sets authsite up in the master and runs its start-up checks; the baselines are
deliberately not authsite (no admin, other middleware), so they start the way a plain Django project would.
"""
