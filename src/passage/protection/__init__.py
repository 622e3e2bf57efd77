"""Protection and assistance of stranded and vulnerable migrants: the registry of persons and
households (`registry`), the ways in (`intake`), vulnerability screening and scoring
(`scoring`), case management (`cases`), referrals out with consent (`referrals`) and the
aggregate reports (`reports`)."""
