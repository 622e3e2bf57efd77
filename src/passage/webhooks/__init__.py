"""Outgoing webhooks: endpoints with a shared secret, an outbox of messages delivered in order
per endpoint with HMAC signatures, retries with exponential backoff and a dead-letter list."""
