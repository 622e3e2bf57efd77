"""Flow monitoring surveys: individual interviews at flow monitoring points, defined as
XLSForm (`forms`, pure), imported from Kobo/ODK exports (`reading`, pure), kept without any
personal answer, and shown as suppressed tables and charts per question (`results`, pure)."""
