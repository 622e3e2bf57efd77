"""Crossings at points of entry: registering entries and exits from the MRZ or typed details,
linking travellers, the officer's decision, crossing lists (overstays, departures without
entry) and statistics."""
