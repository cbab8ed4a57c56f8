"""``python -m examples.delivery_partner``: make the key, print today's delivery list, or what
the municipality's shelters are short of."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from examples.delivery_partner.client import DeliveryPartner, make_key


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="delivery_partner", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    keygen = sub.add_parser("keygen", help="make the key pair; print the public JWK set")
    keygen.add_argument("--out", type=Path, required=True)
    deliveries = sub.add_parser("deliveries", help="print the delivery list for a purpose")
    deliveries.add_argument("--platform", required=True, help="the platform's URL")
    deliveries.add_argument("--client-id", required=True)
    deliveries.add_argument("--key", type=Path, required=True, help="partner-key.json")
    deliveries.add_argument("--purpose", default="delivery")
    shortfall = sub.add_parser("supplies", help="print the shelters' supply shortfall")
    shortfall.add_argument("--platform", required=True, help="the platform's URL")
    shortfall.add_argument("--client-id", required=True)
    shortfall.add_argument("--key", type=Path, required=True, help="partner-key.json")
    shortfall.add_argument("--purpose", default="relief", help="a purpose granted supply-totals")
    args = parser.parse_args(argv)
    if args.command == "keygen":
        print(json.dumps(make_key(args.out), indent=2))
        return 0
    partner = DeliveryPartner(args.platform, args.client_id, args.key)
    partner.sign_in()
    shown = (
        partner.delivery_list(args.purpose)
        if args.command == "deliveries"
        else partner.shortfall(args.purpose)
    )
    json.dump(shown, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
