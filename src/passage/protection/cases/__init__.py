"""Case management: cases, service plans, follow-ups and reminders, notes, documents,
transfers and closure; the priority queue and each case worker's caseload."""
