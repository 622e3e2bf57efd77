"""Vulnerability screening and scoring: models as data (IOM's Determinants of Migrant
Vulnerability: individual, household, community and structural factors), versioned; the pure
engine (`engine`), XLSForm-defined forms (`xlsform`) and Kobo/ODK submissions (`submissions`)."""
