"""How measures and point-of-entry statuses are shared with other deployments over the signed
exchange: the changes published here (`changes`) and partners' entries applied (`appliers`)."""
