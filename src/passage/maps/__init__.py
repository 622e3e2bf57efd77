"""Country-level restriction map: levels by country, POE layer, country pages."""
