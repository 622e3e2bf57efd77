"""Port-health cases opened from screenings (follow-up, referral, confirmation, closure) and
the list of travellers with a medical condition of interest."""
