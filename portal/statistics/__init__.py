"""Anonymised case statistics: figures, disclosure control, snapshots, staffing, observations."""
