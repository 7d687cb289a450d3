"""The pages of events, a module per sub-domain: events, attendance, calendars, materials."""
