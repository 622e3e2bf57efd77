"""Feedback and complaints (accountability to affected populations): a public channel that
works offline, other ways in (hotline, partners, Kobo/ODK exports), the staff work queue with
time limits, sensitive complaints for the focal points only, and reports safe to publish."""
