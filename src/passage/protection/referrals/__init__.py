"""Referrals out: the service directory, consent per field (purpose, expiry, withdrawal) and
referrals to partners, here or on another Passage deployment over the signed exchange."""
