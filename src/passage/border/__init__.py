"""Border control: travel documents, alert lists and screening at the crossing."""
