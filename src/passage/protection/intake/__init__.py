"""The ways in: a case worker's intake, self-registration with a receipt code, anonymous
requests for information, and referrals in from partners (API) or other deployments."""
