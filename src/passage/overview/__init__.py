"""The Global Mobility Restriction Overview for a date (web, JSON, CSV with HXL, PDF)."""
