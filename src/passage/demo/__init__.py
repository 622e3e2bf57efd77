"""The demo world: deterministic synthetic data for every domain, one login per role."""
