"""Pages of multi-column query results.

Flask-SQLAlchemy's ``db.paginate`` returns the first column of each row only; list pages that
show an object with figures beside it (a body with its member count) need the whole row.
"""

from __future__ import annotations

from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import Select

from portal.extensions import db


class RowPagination(SelectPagination):
    """A page of whole rows (tuples), counted by a query of its own."""

    def _query_items(self) -> list[tuple]:
        select = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return list(self._query_args["session"].execute(select))

    def _query_count(self) -> int:
        return self._query_args["session"].scalar(self._query_args["count_query"])


def paginate_rows(query: Select, count: Select, *, page: int, per_page: int) -> RowPagination:
    """Return one page of ``query``'s rows; a page past the end is empty, not an error.

    ``count`` selects the number of all rows. It is given separately so that it can leave out
    what only the shown rows need (figures per row, names of related objects): counting
    through those would compute them for every row of the table.
    """
    return RowPagination(
        select=query,
        count_query=count,
        session=db.session(),
        page=page,
        per_page=per_page,
        error_out=False,
    )
