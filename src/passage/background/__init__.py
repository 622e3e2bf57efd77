"""Background jobs a user starts (large imports): persisted, with progress and report."""
