"""Conditional GET (RFC 9110, section 13): may a request be answered 304 Not Modified?

Calendar clients poll their feeds every few minutes; answering "nothing new" must not cost the
work of building the answer. The caller decides the validators first, asks here, and builds
the body only if this says no. Pure: takes the parsed header values (Werkzeug parses them; an
unparseable date arrives as ``None`` and is ignored, as the RFC asks), and imports nothing of the
framework.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class TagSet(Protocol):
    """The parsed ``If-None-Match`` header (Werkzeug's ``ETags``): empty is false."""

    def __bool__(self) -> bool: ...

    def contains_weak(self, etag: str) -> bool: ...


def is_not_modified(
    *,
    etag: str,
    last_modified: datetime,
    if_none_match: TagSet | None,
    if_modified_since: datetime | None,
) -> bool:
    """Tell whether the client's copy is current.

    ``If-None-Match`` wins over ``If-Modified-Since`` when both are sent (section 13.2.2): a
    client that names tags is answered by tags alone. Tags compare weakly, as the RFC asks for
    this header; ``*`` matches any current representation. ``If-Modified-Since`` compares whole
    seconds, the resolution of an HTTP date.
    """
    if if_none_match:
        return if_none_match.contains_weak(etag)
    if if_modified_since is not None:
        return last_modified.replace(microsecond=0) <= if_modified_since
    return False
