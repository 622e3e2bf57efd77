"""Aggregate reports: weekly and monthly counts (cells under 5 suppressed, no personal data),
CSV with HXL, charts, and a donor summary."""
