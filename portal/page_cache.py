"""Whole pages kept per process while nothing they are made of has changed.

People open the same pages again and again (the dashboard, the next meeting, the body they sit
in) far more often than anything changes. A page marked with :func:`cached_page` is kept after
its first rendering and served again without a query of its own, as long as everything that
went into it is the same:

- the data: the data version (:mod:`portal.data_version`) grows with every committed write, by
  any process, so a poll of that one number (one statement) tells whether the page may be
  stale. Permissions, memberships, names and the pages' content all live in the database, so a
  changed permission is a changed version too;
- the time: pages say "upcoming" and "today", so a page is kept for the current minute only;
- the visitor and the request: the full URL (host, path, query) and everything in the session
  that a page can show (the logged-in user, the chosen language, ...). Keys that only keep the
  session itself alive are left out (:data:`SESSION_KEYS_IGNORED`); any other key, including
  one added later, separates pages, so a new session key can never leak one visitor's page to
  another.

The CSRF token in the page's forms belongs to the session that asked first; it is cut out
before the page is kept and a token of the current session is put back into every copy served.

Not kept: anything but a plain ``200`` text answer of a ``GET``; an answer that sets a cookie;
a page rendered while the session held flash messages (rendering them removes them) or that
changed the session (a view with side effects). A cache hit skips the view and its permission
checks: that is sound because the key holds everything the checks read (user, data, time).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from cachetools import LRUCache
from flask import Flask, Response, current_app, g, make_response, request, session
from flask_wtf.csrf import generate_csrf

from portal.data_version import read_version
from portal.db import begin_read_only_poll, end_read_only_poll
from portal.extensions import db

#: Session keys that change no page: timestamps of the session guard, the CSRF secret (the token
#: is replaced in every copy), Flask-Login's freshness flag and Flask's "permanent" marker.
SESSION_KEYS_IGNORED = frozenset({"seen_at", "created_at", "csrf_token", "_fresh", "_permanent"})
#: Response headers not kept: the length follows the body, a cookie is never shared.
_HEADERS_DROPPED = frozenset({"content-length", "set-cookie"})
_EXTENSION = "kim_page_cache"
#: Seconds since the epoch; a page is kept for the minute it was rendered in.
clock = time.time


@dataclass(frozen=True)
class CachedPage:
    """A page as its view answered it, before the request hooks added their headers."""

    body: bytes
    headers: tuple[tuple[str, str], ...]
    #: The CSRF placeholder to fill in, or empty when the page has no form.
    token_placeholder: bytes

    def response(self) -> Response:
        body = self.body
        if self.token_placeholder:
            body = body.replace(self.token_placeholder, generate_csrf().encode())
        return Response(body, status=200, headers=list(self.headers))


class PageCache:
    """A size-bounded LRU store of pages, cleared whenever a newer data version is seen."""

    def __init__(self, max_bytes: int) -> None:
        self._pages: LRUCache = LRUCache(maxsize=max_bytes, getsizeof=_size)
        self._lock = threading.Lock()
        self._version: int | None = None
        #: Random per process, so no page can contain it by chance.
        self.placeholder = f"kim-csrf-{secrets.token_hex(16)}".encode()
        self.max_bytes = max_bytes

    def get(self, key: tuple, version: int) -> CachedPage | None:
        with self._lock:
            if version != self._version:
                # Every page kept so far is of an older version: free the memory at once.
                self._pages.clear()
                self._version = version
                return None
            return self._pages.get(key)

    def put(self, key: tuple, page: CachedPage) -> None:
        if _size(page) > self.max_bytes:
            return
        with self._lock:
            self._pages[key] = page

    def __len__(self) -> int:
        return len(self._pages)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


def _size(page: CachedPage) -> int:
    return len(page.body) + 200


def init_app(app: Flask) -> None:
    """Give the app its page store (``PAGE_CACHE_BYTES``; 0 turns caching off)."""
    max_bytes = app.config["PAGE_CACHE_BYTES"]
    app.extensions[_EXTENSION] = PageCache(max_bytes) if max_bytes > 0 else None


def page_cache(app: Flask | None = None) -> PageCache | None:
    """Return the app's page store, or ``None`` when caching is off."""
    return (app or current_app).extensions.get(_EXTENSION)


def _session_part() -> tuple:
    return tuple(
        sorted(
            (key, repr(value)) for key, value in session.items() if key not in SESSION_KEYS_IGNORED
        )
    )


def _key(version: int) -> tuple:
    return (version, int(clock() // 60), request.url, _session_part())


def _storable(response: Response) -> bool:
    return (
        response.status_code == 200
        and not response.direct_passthrough
        and not response.is_streamed
        and response.mimetype.startswith("text/")
        and "Set-Cookie" not in response.headers
    )


def _keep(cache: PageCache, response: Response) -> CachedPage:
    body = response.get_data()
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    placeholder = b""
    if token and token.encode() in body:
        placeholder = cache.placeholder
        body = body.replace(token.encode(), placeholder)
    headers = tuple(
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in _HEADERS_DROPPED
    )
    return CachedPage(body=body, headers=headers, token_placeholder=placeholder)


def cached_page(view: Callable) -> Callable:
    """Serve a ``GET`` view's page from the store while its data, minute and visitor are the same.

    Put it outside ``login_required`` and the view's permission checks, so a hit skips them
    along with the rendering (see the module's docstring for why that is sound).
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        cache = page_cache()
        if cache is None or request.method != "GET" or "_flashes" in session:
            return view(*args, **kwargs)
        polling = begin_read_only_poll(db.session)
        version = read_version(db.session)
        if version is None:
            end_read_only_poll(db.session, polling)
            return view(*args, **kwargs)
        key = _key(version)
        page = cache.get(key, version)
        if page is not None:
            return page.response()
        end_read_only_poll(db.session, polling)
        before = key[3]
        response = make_response(view(*args, **kwargs))
        if _storable(response) and _session_part() == before:
            cache.put(key, _keep(cache, response))
        return response

    return wrapper
