"""Border-rule exchange between deployments: the signed feed of published changes, partners
that follow other deployments' feeds (pull and webhooks), provenance and conflict review."""
