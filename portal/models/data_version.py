"""The data version: one number that grows with every committed change of the portal's data.

Pages are cached per process under the data version they were rendered at (see
:mod:`portal.page_cache`). The number is a time in microseconds, raised to at least one more
than before on every commit that wrote (:mod:`portal.data_version`). Being time-based, it also
survives a restore from backup: a restored database shows the number it had when the backup
was taken, which names exactly the state it then held, and the next change moves it past every
number used in between.
"""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, intpk


class DataVersion(Base):
    """The single row (``id`` 1) holding the data version."""

    __tablename__ = "data_version"

    id: Mapped[intpk]
    version: Mapped[int] = mapped_column(BigInteger)
