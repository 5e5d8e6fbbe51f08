"""Meetings, agendas, attendance, minutes, proposals, ballots and decisions (built on portal/)."""
