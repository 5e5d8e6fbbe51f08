"""Objects of other areas that statistics point at: agenda items, proposals, minutes, sections.

``portal`` never imports ``meetings`` or ``documents``, so those areas register a provider per
kind when their blueprint is registered. A provider answers two questions for an actor: which of
these ids can you see, under what label and address (``resolve``), and which objects may you
link statistics to (``choices``). Whatever a provider leaves out does not exist for that actor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

from portal.statistics.models import TargetKind

_EXTENSION = "kim_statistics_targets"


@dataclass(frozen=True)
class TargetRef:
    """A visible object of another area: what to call it and where it lives."""

    kind: TargetKind
    id: int
    label: str
    url: str
    #: A group heading for choice lists, e.g. the meeting of an agenda item.
    group: str = ""


@dataclass(frozen=True)
class Provider:
    resolve: Callable[[Any, Sequence[int]], dict[int, TargetRef]]
    choices: Callable[[Any], list[TargetRef]]


def register_target(app: Flask, kind: TargetKind, provider: Provider) -> None:
    """Let an area answer for one kind of target."""
    app.extensions.setdefault(_EXTENSION, {})[TargetKind(kind)] = provider


def _provider(kind: TargetKind) -> Provider | None:
    return current_app.extensions.get(_EXTENSION, {}).get(TargetKind(kind))


def kinds() -> list[TargetKind]:
    """Return the kinds some area answers for, in the enum's order."""
    registered = current_app.extensions.get(_EXTENSION, {})
    return [kind for kind in TargetKind if kind in registered]


def resolve(actor, kind: TargetKind, ids: Iterable[int]) -> dict[int, TargetRef]:
    """Return the targets among ``ids`` that the actor may see."""
    provider = _provider(kind)
    wanted = sorted(set(ids))
    if provider is None or not wanted:
        return {}
    return provider.resolve(actor, wanted)


def choices(actor, kind: TargetKind) -> list[TargetRef]:
    """Return the targets of one kind the actor may link statistics to."""
    provider = _provider(kind)
    return provider.choices(actor) if provider is not None else []
