"""Query-string values a database cannot take: PostgreSQL text never holds a NUL, and the admin's stock list
views would pass one straight to a query (a 500). Views refuse such a request with a 400 up front."""


def has_nul(querydict):
    return any("\x00" in name or any("\x00" in value for value in values) for name, values in querydict.lists())
