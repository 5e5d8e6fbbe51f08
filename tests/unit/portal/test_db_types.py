"""Times are stored in UTC, timezone-aware, on every database."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.dialects import sqlite

from portal.db import UTCDateTime


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(datetime(2026, 11, 24, 14, 0), sqlite.dialect())


def test_aware_datetimes_are_stored_as_utc():
    berlin_winter = timezone(timedelta(hours=1))
    stored = UTCDateTime().process_bind_param(
        datetime(2026, 11, 24, 14, 0, tzinfo=berlin_winter), sqlite.dialect()
    )
    assert stored == datetime(2026, 11, 24, 13, 0, tzinfo=UTC)


def test_naive_values_from_sqlite_come_back_as_utc():
    loaded = UTCDateTime().process_result_value(datetime(2026, 11, 24, 13, 0), sqlite.dialect())
    assert loaded.tzinfo is UTC
