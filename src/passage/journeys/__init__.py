"""Entry requirements: what applies to this traveller, at this border, on this date."""
