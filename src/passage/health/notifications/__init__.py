"""Notifications of port health: in-app notices and an e-mail outbox delivered after commit,
with the administrator's SMTP settings."""
