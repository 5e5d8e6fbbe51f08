"""The rules of meetings and agendas, one module per job.

- ``scheduling``: plan, change, cancel and invite (each a transaction with audit and mail);
- ``agenda``: agenda items and the body's agenda template;
- ``agenda_templates``: editing a body's template (or falling back to the default);
- ``suggestions``: members suggest agenda items, the secretariat accepts or declines them;
- ``suggestion_panel``: the suggestions part of the meeting page, in one query;
- ``attachments``: papers of agenda items (upload, removal, listing, download), as visible as
  their item;
- ``agenda_letter``: the invitation letter as .docx, the public version for outsiders;
- ``queries``: what the pages show, filtered by what the viewer may see;
- ``minutes``: writing the minutes (start, header, entries) with optimistic locking and a
  saved state per save; ``minutes_workflow``: circulate, comment, approve, lock, amend;
  ``minutes_queries``, ``minutes_history`` (saved states, comparison), ``minutes_export`` (.docx);
- ``announcements``: who hears about a change, queued in the same transaction.
"""
