"""Mobility restriction tracker: measures and POE status with full (bitemporal) history."""
