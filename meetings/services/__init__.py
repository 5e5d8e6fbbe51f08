"""The rules of meetings and agendas, one module per job.

- ``scheduling``: plan, change, cancel and invite (each a transaction with audit and mail);
- ``agenda``: agenda items and the body's agenda template;
- ``queries``: what the pages show, filtered by what the viewer may see;
- ``announcements``: who hears about a change, queued in the same transaction.
"""
