"""Referrals of vulnerable travellers met at a point of entry to service providers, and the
pages where case and partner workers move them along."""
