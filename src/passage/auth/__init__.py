"""Accounts, sessions, API tokens, roles, scopes and the one authorisation policy."""
