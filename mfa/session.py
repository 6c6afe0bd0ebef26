"""What the session remembers about the second factor, so checks on every request cost no query.

The mark names the user it was earned by: a mark left in a session by an abandoned login never vouches for the
next person who signs in with that browser.
"""

VERIFIED = "_mfa_verified"


def mark_verified(session, user, method):
    session[VERIFIED] = {"user_id": user.pk, "method": method}


def forget_verified(session):
    session.pop(VERIFIED, None)


def second_factor_verified(request):
    mark = request.session.get(VERIFIED)
    return bool(mark) and request.user.is_authenticated and mark.get("user_id") == request.user.pk
