"""Performance suite of the KIM-Portal (``python -m benchmarks.run``), not part of the test run.

It seeds a large data set, serves the real application under gunicorn and reports, per page, the
SQL statements per request, the throughput relative to a trivial route of the same app and
server, and the resident memory of a worker. See ``benchmarks/README.md``.
"""
