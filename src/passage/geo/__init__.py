"""Reference data: countries and territories (ISO 3166-1 alpha-3, UN M49) and points of entry."""
