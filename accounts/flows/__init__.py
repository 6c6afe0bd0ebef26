"""Flows: one plain function per security operation, shared by pages, the API, the admin and commands."""
