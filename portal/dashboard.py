"""Cards that the areas built on the core add to the start page.

``portal`` never imports the areas, so an area registers a provider when its blueprint is
registered: a function of the logged-in user that returns a :class:`Card` (or None when it has
nothing to say to this user). The start page shows the core's own cards, then the areas' cards in
the order of their ``order`` value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

_EXTENSION = "kim_dashboard_cards"


@dataclass(frozen=True)
class Card:
    """One card: its heading's id (for ``aria-labelledby``), its template and what it shows."""

    id: str
    template: str
    order: int = 100
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[Any], "Card | None"]


def register_card(app: Flask, provider: Provider) -> None:
    """Add a card provider to the app's start page."""
    app.extensions.setdefault(_EXTENSION, []).append(provider)


def cards_for(user) -> list[Card]:
    """Return the cards the registered providers have for the user, in their order."""
    cards = (provider(user) for provider in current_app.extensions.get(_EXTENSION, ()))
    return sorted((card for card in cards if card is not None), key=lambda card: card.order)
