"""Moving Redis's clock in tests. time-machine moves the app's clock, not Redis's: key expiry still runs in real
time, so a test that travels past an idle limit would find keys Redis would long have dropped. age_redis(seconds)
does to the test's Redis database what that much time would do: every key with an expiry loses `seconds` of it, and
the ones that run out are deleted."""

from accounts.redis import raw_redis


def age_redis(seconds):
    redis = raw_redis()
    milliseconds = int(seconds * 1000)
    for key in list(redis.scan_iter()):
        left = redis.pttl(key)
        if left < 0:  # no expiry (-1) or already gone (-2)
            continue
        if left <= milliseconds:
            redis.delete(key)
        else:
            redis.pexpire(key, left - milliseconds)
