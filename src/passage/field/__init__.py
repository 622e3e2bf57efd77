"""Field nodes: a deployment at a site, offline on SQLite, synced with its central."""
