"""Settings of one platform process, read from the command line and the environment."""

from __future__ import annotations

import importlib
import ipaddress
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from cryptography import x509

from linkage.jpki import RevocationCheck, load_anchors
from linkage.ngsi import OrionConfig

if TYPE_CHECKING:
    from linkage.kek import Kek
    from linkage.web.oidc import OidcConfig

DEFAULT_BODY_LIMIT = 4 * 1024 * 1024
DEFAULT_SESSION_TTL_S = 15 * 60
DEFAULT_CHALLENGE_TTL_S = 60
DEFAULT_ENROLMENT_TTL_S = 72 * 3600
DEFAULT_ISSUER = "kazasu-platform"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
# How far ahead of the platform's clock an event's stamp may be before it is re-stamped.
DEFAULT_MAX_CLOCK_AHEAD_S = 24 * 3600
# How long a pre-registration pass from the citizen pages lasts: printed and kept for the season
# of typhoons and snow, so a year; withdrawing kiosk sharing revokes it sooner.
DEFAULT_PASS_DAYS = 365
# The smallest count a partner's aggregates show (linkage/partners/aggregates.py).
DEFAULT_PARTNER_MIN_CELL = 5


@dataclass(frozen=True)
class Settings:
    """Everything a platform process needs to know; processes sharing a database may differ."""

    database_url: str
    admin_token: str
    body_limit: int = DEFAULT_BODY_LIMIT
    session_ttl_s: int = DEFAULT_SESSION_TTL_S
    challenge_ttl_s: int = DEFAULT_CHALLENGE_TTL_S
    tls_pin: str | None = None
    controller: str = "The municipality operating this platform"
    issuer: str = DEFAULT_ISSUER
    # JPKI certificates that card links must chain to; none: card links are refused (503).
    trust_anchors: tuple[x509.Certificate, ...] = ()
    revocation_check: RevocationCheck | None = None
    # The FIWARE Orion broker shelters are published to; none: not published.
    orion: OrionConfig | None = None
    # How often the public shelter state is read while a live map or Orion listens.
    public_poll_s: float = 2.0
    # The shelter map's tile server, e.g. https://tiles.example/{z}/{x}/{y}.png, and the credit
    # its licence asks for; none: the map page shows the list only.
    map_tile_url: str | None = None
    map_attribution: str = ""
    # Seals and opens the QR-signing keys (linkage/kek.py); none: the platform cannot sign.
    kek: Kek | None = None
    # Where people and kiosks reach the platform; every URL it hands out starts with it, never
    # with the Host a request happened to name (docs/platform.md, "The public URL").
    public_url: str = f"http://{DEFAULT_HOST}:{DEFAULT_PORT}"
    # Events stamped further ahead of this process's clock are ordered as when they arrived.
    max_clock_ahead_s: int = DEFAULT_MAX_CLOCK_AHEAD_S
    # The Digital Agency's デジタル認証アプリ as a sign-in and verified source of the four items
    # (linkage/web/digital_auth.py); none: not offered.
    digital_auth: OidcConfig | None = None
    # Days a pass from the citizen pages is valid (1 to 366): KAZASU_PASS_DAYS.
    pass_days: int = DEFAULT_PASS_DAYS
    # Partners' aggregate counts withhold cells from 1 to this less one: KAZASU_PARTNER_MIN_CELL.
    partner_min_cell: int = DEFAULT_PARTNER_MIN_CELL
    # The folder of the online ballots' link keys (linkage/evote_service/link_keys.py), kept
    # out of the database; none: online ballots cannot be cast (503).
    evote_link_keys: Path | None = None


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) is this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def public_url(given: str | None, host: str, port: int, tls: bool) -> str:
    """The platform's public URL: ``given`` checked, else this machine's own when serving on
    loopback only. Raises ``ValueError`` saying what is wrong.

    A public URL is an origin with an optional path: https (plain http only on loopback), no
    query, no fragment, no user; it is returned without a trailing slash.
    """
    if given is None:
        if not is_loopback(host):
            raise ValueError(
                f"serving on {host} needs --public-url (or KAZASU_PUBLIC_URL), the https URL "
                "people and kiosks use to reach this platform: sign-in links are built from it"
            )
        return f"{'https' if tls else 'http'}://{host}:{port}"
    parts = urlsplit(given)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(
            f"--public-url must be an https URL such as https://kazasu.city.example, not {given!r}"
        )
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ValueError("--public-url must be https unless it names this machine (127.0.0.1)")
    if parts.query or parts.fragment or "?" in given or "#" in given or parts.username:
        raise ValueError("--public-url is a plain URL: no query, fragment or user name")
    return given.rstrip("/")


def default_data_dir() -> Path:
    """The data folder: ``KAZASU_DATA_DIR`` or ``./kazasu-platform-data``."""
    return Path(os.environ.get("KAZASU_DATA_DIR", "kazasu-platform-data"))


def sqlite_url(data_dir: Path) -> str:
    """The URL of the embedded SQLite database inside ``data_dir``."""
    return f"sqlite:///{(data_dir / 'platform.sqlite3').resolve()}"


def resolve_database_url(explicit: str | None, data_dir: Path) -> str:
    """The option, then ``KAZASU_DATABASE_URL``, then SQLite in the data folder."""
    url = explicit or os.environ.get("KAZASU_DATABASE_URL")
    if url:
        return normalise_url(url)
    ensure_data_dir(data_dir)
    return sqlite_url(data_dir)


def ensure_data_dir(data_dir: Path) -> None:
    """Make the data folder if needed; it holds secrets, so only its owner may enter it."""
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    data_dir.chmod(0o700)


def create_secret_file(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file that only its owner may read from its creation, on disk
    when this returns; FileExistsError if ``path`` exists (a secret is never overwritten)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def normalise_url(url: str) -> str:
    """Make plain ``postgresql://`` URLs use psycopg 3, the only PostgreSQL driver we ship."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_admin_token(data_dir: Path) -> str:
    """The admin API token: ``KAZASU_ADMIN_TOKEN``, else one kept in the data folder (made once)."""
    env = os.environ.get("KAZASU_ADMIN_TOKEN")
    if env:
        return env
    ensure_data_dir(data_dir)
    path = data_dir / "admin-token"
    if not path.exists():
        create_secret_file(path, (secrets.token_urlsafe(32) + "\n").encode())
    return path.read_text().strip()


def default_issuer() -> str:
    """The issuer name written into signed QR codes: ``KAZASU_ISSUER`` (e.g. the base URL)."""
    return os.environ.get("KAZASU_ISSUER", DEFAULT_ISSUER)


def default_controller() -> str:
    """The data controller named on consent receipts: ``KAZASU_CONTROLLER``, else the default."""
    return os.environ.get("KAZASU_CONTROLLER", Settings("", "").controller)


def card_trust(
    extra_anchor_files: Sequence[Path] = (),
) -> tuple[tuple[x509.Certificate, ...], RevocationCheck | None]:
    """Trust anchors and revocation check for card links, from the environment and options.

    ``KAZASU_JPKI_TRUST_ANCHORS``: PEM files separated by the path separator (``:``);
    ``KAZASU_REVOCATION_CHECK``: ``package.module:function``, a ``RevocationCheck``.
    """
    env = os.environ.get("KAZASU_JPKI_TRUST_ANCHORS", "")
    files = [Path(p) for p in env.split(os.pathsep) if p] + list(extra_anchor_files)
    check: RevocationCheck | None = None
    named = os.environ.get("KAZASU_REVOCATION_CHECK")
    if named:
        module, _, attribute = named.partition(":")
        check = getattr(importlib.import_module(module), attribute)
    return load_anchors(files), check


def orion_config() -> OrionConfig | None:
    """The Orion broker to publish shelters to, from ``KAZASU_ORION_URL`` and its companions.

    ``KAZASU_ORION_SERVICE`` and ``KAZASU_ORION_SERVICE_PATH`` are the tenant headers,
    ``KAZASU_ORION_TOKEN`` an ``X-Auth-Token``, ``KAZASU_ORION_CA`` a CA file for HTTPS.
    """
    url = os.environ.get("KAZASU_ORION_URL")
    if not url:
        return None
    return OrionConfig(
        url=url,
        service=os.environ.get("KAZASU_ORION_SERVICE") or None,
        service_path=os.environ.get("KAZASU_ORION_SERVICE_PATH") or None,
        token=os.environ.get("KAZASU_ORION_TOKEN") or None,
        ca_file=os.environ.get("KAZASU_ORION_CA") or None,
    )


def map_tiles() -> tuple[str | None, str]:
    """The map tile URL template and its attribution: ``KAZASU_MAP_TILE_URL`` and
    ``KAZASU_MAP_ATTRIBUTION``. The template must be http(s) and hold {z}, {x} and {y}."""
    url = os.environ.get("KAZASU_MAP_TILE_URL") or None
    if url is not None and (
        not url.startswith(("https://", "http://"))
        or not all(part in url for part in ("{z}", "{x}", "{y}"))
    ):
        raise ValueError("KAZASU_MAP_TILE_URL must be an http(s) URL with {z}, {x} and {y}")
    return url, os.environ.get("KAZASU_MAP_ATTRIBUTION", "")


# The environment variables naming the PKCS#11 token that holds the key-encryption key.
PKCS11_ENV = "KAZASU_SIGNING_KEK_PKCS11"
DEFAULT_PKCS11_KEY_LABEL = "kazasu-signing-kek"


@dataclass(frozen=True)
class Pkcs11Kek:
    """Where the key-encryption key lives on a PKCS#11 token, and the user PIN that opens it."""

    module: str
    token_label: str
    key_label: str
    pin: str = field(repr=False)
    # The variable prefix it was read from, to name in errors.
    source: str = PKCS11_ENV


def pkcs11_kek(prefix: str = PKCS11_ENV) -> Pkcs11Kek | None:
    """The token settings from ``<prefix>`` (the module's path) and its companions, or None.

    ``<prefix>_TOKEN`` is the token's label, ``<prefix>_KEY`` the key's label
    (default ``kazasu-signing-kek``), and the user PIN is ``<prefix>_PIN`` or the first line
    of the owner-only file ``<prefix>_PIN_FILE``. Raises ``ValueError`` naming what is missing.
    """
    module = os.environ.get(prefix)
    if not module:
        return None
    token = os.environ.get(f"{prefix}_TOKEN")
    if not token:
        raise ValueError(f"{prefix} is set but {prefix}_TOKEN (the token's label) is not")
    return Pkcs11Kek(
        module=module,
        token_label=token,
        key_label=os.environ.get(f"{prefix}_KEY") or DEFAULT_PKCS11_KEY_LABEL,
        pin=_pkcs11_pin(prefix),
        source=prefix,
    )


def _pkcs11_pin(prefix: str) -> str:
    pin = os.environ.get(f"{prefix}_PIN")
    named = os.environ.get(f"{prefix}_PIN_FILE")
    if pin and named:
        raise ValueError(f"give the token's PIN in {prefix}_PIN or {prefix}_PIN_FILE, not both")
    if pin:
        return pin
    if not named:
        raise ValueError(f"{prefix} is set but neither {prefix}_PIN nor {prefix}_PIN_FILE is")
    path = Path(named)
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"{prefix}_PIN_FILE {path}: {exc.strerror}") from None
    # The PIN is a secret at rest like any other: only its owner may read the file.
    if mode & 0o077:
        raise ValueError(f"{prefix}_PIN_FILE {path} is readable by others: chmod 600 it")
    first = text.splitlines()[0].strip() if text.strip() else ""
    if not first:
        raise ValueError(f"{prefix}_PIN_FILE {path} is empty")
    return first
