"""The append-only, hash-chained audit trail of every change, personal-data read and login."""
