"""Sign in with Google (OpenID Connect through social-auth). Imports accounts, audit and web only: the second factor
is reached through accounts' login stages, never by importing mfa. See README, "Sign in with Google"."""
