"""Border control: crossings at points of entry (`crossings`), alert lists and screening
(`alerts`), name matching (`matching`), machine readable zones (`mrz`) and referrals of
vulnerable travellers (`referrals`)."""
