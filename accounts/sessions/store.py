"""Server-side sessions in the cache (Redis in production) with a per-user index.

Session data lives under the cache's own key for the session. Each signed-in session is also listed in a per-user
sorted set, scored by the time it expires, so "your sessions" and "sign out everywhere" touch only that user's
sessions, whatever the total number of sessions in Redis. Expired members are pruned whenever the index is read.
"""

import time

from django.contrib.sessions.backends.cache import KEY_PREFIX
from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore

from accounts.sessions import index as session_index
from accounts.sessions.policy import storage_lifetime

USER_ID = "_auth_user_id"


class SessionStore(CacheSessionStore):
    cache_key_prefix = KEY_PREFIX

    def load(self):
        # Django's cache backend turns *any* cache error into an empty session, which would sign everyone out
        # silently while Redis is down. Let the error through: the request becomes a calm 503 instead.
        session_data = self._cache.get(self.cache_key)
        if session_data is not None:
            return session_data
        self._session_key = None
        return {}

    def get_expiry_age(self, **kwargs):
        # The key's own expiry (and a remembered cookie's max-age) follow the idle timeout of the session's kind,
        # plus the short notice time (policy.storage_lifetime), so an abandoned session costs little memory while
        # an idle one can still be told why it ended. set_expiry() only chooses browser-session vs persistent cookie.
        return storage_lifetime(self)

    def save(self, must_create=False):
        super().save(must_create=must_create)
        user_id = self.get(USER_ID)
        if user_id is not None:
            session_index.add(user_id, self.session_key, time.time() + self.get_expiry_age())

    def flush(self):
        # Logout: the data, the key and the index entry all go; the next request gets a fresh, empty session.
        user_id, key = self.get(USER_ID), self.session_key
        super().flush()
        if user_id is not None and key:
            session_index.remove(user_id, [key])

    def cycle_key(self):
        # A new id for the same data (login, second factor, step-up): the old id leaves the index.
        user_id, old_key = self.get(USER_ID), self.session_key
        super().cycle_key()
        if user_id is not None and old_key:
            session_index.remove(user_id, [old_key])
