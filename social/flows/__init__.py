"""The operations of Google sign-in, one function each; views and pipeline steps only call these."""
