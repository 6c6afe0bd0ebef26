"""Changing a user's email address (today only operators can, in the admin).

The address is where reset links and security notices go, so a change is treated like a credential change: it is
audited, every session of the user ends (whoever holds one may be the reason for the change), and the *old* address
is told, so a person whose account was taken over by changing its address hears about it. One-time links die by
themselves: they are bound to the address (accounts.tokens.account_state).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from accounts.addresses import normalize_email
from accounts.background import detach, run_off_request
from accounts.flows.operators import check_operator_may_act
from accounts.flows.sessions import revoke_sessions
from accounts.mail import send_mail_template
from audit import events
from audit.record import record


def change_email(user, new_email, *, actor, request=None):
    """Set `user`'s address to `new_email`. Returns False when it is the same address (nothing happens).

    Raises ValidationError when another account has the address, OperatorRefused when `actor` may not edit `user`.
    """
    check_operator_may_act(actor, user)
    new_email, old_email = normalize_email(new_email), user.email
    if new_email == old_email:
        return False
    if get_user_model().objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise ValidationError("Another account already uses this email address.")
    user.email = new_email
    user.save(update_fields=["email"])
    record(events.EMAIL_CHANGED, request=request, user=user, actor=actor, old_email=old_email, new_email=new_email)
    revoke_sessions(user, request=request, reason="email_changed", actor=actor)
    run_off_request(_tell_old_address, user, old_email, detach(request))
    return True


def _tell_old_address(user, old_email, request):
    send_mail_template("email_changed", old_email, request=request, user=user, new_email=user.email)
