"""Generators of synthetic data for the demo, the tests and the benchmarks: people with names
from twenty naming traditions (`people`, `traditions`) and travel measures with POE statuses
(`measures`). Deterministic for a seed; every person and document is fictitious."""
