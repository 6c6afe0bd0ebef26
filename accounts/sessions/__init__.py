"""Server-side sessions: the Redis store (the SESSION_ENGINE), its per-user index, and the idle/absolute policy."""
