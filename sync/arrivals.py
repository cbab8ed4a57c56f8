"""Arrivals asked of the platform (docs/protocol/sync.md, "Arrivals"): the kiosk's
:class:`kiosk.arrivals.ArrivalSource`.

Its own engine over the kiosk's store, so an arrival never shares a connection or a session
with the sync worker's round, and a session once opened serves the next arrivals. The records
the platform answers with are applied as snapshot items, in one transaction, before the
arriving person's id is returned; the feed brings the same upserts again later, which changes
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kazasu_protocol.cardproof import proof_body
from kiosk.arrivals import ArrivalRefused, ArrivalUnavailable, Prover
from kiosk.feed_apply import apply_page
from kiosk.feed_page import Applied, BadChange
from kiosk.store import Store
from sync.client import PlatformClient
from sync.engine import SyncEngine
from sync.errors import NotEnrolled, Refused, Transient, Unauthorized
from sync.websignin import ClientFactory


class PlatformArrivals:
    """Arrivals over the kiosk's enrolment."""

    def __init__(self, store: Store, client_factory: ClientFactory = PlatformClient) -> None:
        self.store = store
        self.engine = SyncEngine(store, client_factory)

    def available(self) -> bool:
        """Whether the kiosk is enrolled with a platform to ask."""
        return self.engine.enrolled() is not None

    def by_pass(self, shelter_id: str, code: str) -> str:
        """Bring a signed pass's person into scope and store what the platform sent."""
        return self._arrive(lambda _client: {"shelter_id": shelter_id, "code": code.strip()})

    def by_card(self, shelter_id: str, prove: Prover) -> str:
        """Have the card sign a fresh platform challenge, then bring its holder into scope."""

        def request(client: PlatformClient) -> dict[str, Any]:
            challenge_id, nonce = client.card_challenge()
            signed = prove(nonce)
            return {
                "shelter_id": shelter_id,
                "card": {"challenge_id": challenge_id, **proof_body(signed)},
            }

        return self._arrive(request)

    def close(self) -> None:
        """Close the HTTP connections."""
        self.engine.close()

    def _arrive(self, make: Callable[[PlatformClient], dict[str, Any]]) -> str:
        try:
            body = self.engine.call(lambda client: client.arrival(make(client)))
        except (Transient, Unauthorized, NotEnrolled) as exc:
            raise ArrivalUnavailable(str(exc)) from exc
        except Refused as exc:
            raise ArrivalRefused(exc.kind, str(exc), exc.reason) from exc
        person_id = str(body["person_id"])
        try:
            with self.store.transaction() as tx:
                apply_page(tx, body["items"], Applied())
                tx.audit("sync", "arrival.fetch", person_id, via=str(body.get("via", "")))
        except BadChange as exc:
            message = f"the platform's answer cannot be applied: {exc}"
            raise ArrivalRefused("bad-change", message) from exc
        return person_id
