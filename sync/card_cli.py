"""``kazasu-card``: the card tools of cardio/cli.py, with ``sign``'s answer posted from here.

cardio/ talks to cards and never to the platform, so the one card command that reaches the
platform gets its post from sync/ (``python -m sync.card_cli`` from source).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cardio import cli
from cardio.mynumber import SignedNonce
from kazasu_protocol.websignin import SignInChallenge
from sync.websignin import AnswerNotTaken, post_answer


def _post(challenge: SignInChallenge, signed: SignedNonce, ca: Path | None) -> None:
    try:
        post_answer(challenge, signed, ca)
    except AnswerNotTaken as exc:
        error = "platform_unreachable" if exc.status is None else "platform_refused"
        extra = {} if exc.status is None else {"status": exc.status}
        raise cli.AnswerRefused(error, exc.message, extra, exc.params) from exc


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``kazasu-card``; returns the exit code."""
    return cli.main(argv, post_answer=_post)


if __name__ == "__main__":
    raise SystemExit(main())
