"""Names of people: ICAO Doc 9303 transliteration to the Latin letters A-Z (pure, no I/O)."""
