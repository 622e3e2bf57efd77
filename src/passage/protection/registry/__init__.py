"""The registry: persons, households and travelling groups, with field-level history."""
