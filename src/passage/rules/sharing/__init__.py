"""How business rules are shared with other deployments over the signed exchange: the rule
versions published here (`changes`) and partners' versions stored (`appliers`)."""
