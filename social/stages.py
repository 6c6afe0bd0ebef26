"""The login stage this app adds (settings AUTHSITE_LOGIN_STAGES, after the second factor): link a Google identity
that was waiting for this account's own password. See social.flows.pending."""

from social.flows.pending import STAGE, link_after_password

__all__ = ["STAGE", "link_after_password"]
