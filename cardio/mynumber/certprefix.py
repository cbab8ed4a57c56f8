"""What can be learnt from the first bytes of an X.509 certificate: its length, serial, issuer.

An identification needs only the issuer Name and the serialNumber, which sit near the start of
TBSCertificate, so it does not have to read the whole certificate from the card.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography import x509
from cryptography.x509.oid import ObjectIdentifier

from cardio.card_errors import CertificateFormatError, OversizedResponseError
from cardio.mynumber.tlv import NeedMore, Tlv, children, read_header
from kazasu_protocol.jpki import card_key_from_der

MAX_CERTIFICATE_LENGTH = 8192
"""Card certificates are about 1.5 KB; a declared length beyond this is not a certificate."""

_SEQUENCE = b"\x30"
_INTEGER = b"\x02"
_VERSION = b"\xa0"
_SET = b"\x31"
_OID = b"\x06"

_STRING_DECODERS = {
    0x0C: "utf-8",  # UTF8String
    0x13: "ascii",  # PrintableString
    0x16: "ascii",  # IA5String
    0x14: "latin-1",  # TeletexString, treated as Latin-1 as most software does
    0x1E: "utf-16-be",  # BMPString
}


@dataclass(frozen=True)
class CertificatePrefix:
    """The identifying parts of a certificate: exact DER bytes and the declared total length."""

    total_length: int
    serial_der: bytes
    issuer_der: bytes

    @property
    def card_key(self) -> str:
        """``"jpki:"`` + hex SHA-256 of the issuer Name DER followed by the serial INTEGER DER."""
        return card_key_from_der(self.issuer_der, self.serial_der)

    @property
    def serial_number(self) -> int:
        """The serial as an integer (DER INTEGERs are signed, two's complement)."""
        return int.from_bytes(self.serial_der[_value_offset(self.serial_der) :], "big", signed=True)

    @property
    def issuer(self) -> str:
        """The issuer as an RFC 4514 string, for people to read."""
        return name_to_text(self.issuer_der)


def certificate_length(buf: bytes) -> int:
    """Total DER length of the certificate that ``buf`` starts; needs only its first bytes."""
    outer = read_header(buf, 0, CertificateFormatError)
    if outer.tag != _SEQUENCE or outer.header_length < 2:
        raise CertificateFormatError(
            "The card's certificate file does not hold a certificate. "
            "The card may be damaged: refer the person to the municipal office."
        )
    if outer.end > MAX_CERTIFICATE_LENGTH:
        raise OversizedResponseError(
            "The card declares a {size}-byte certificate, far larger than any real one. "
            "The card may be damaged: refer the person to the municipal office.",
            size=outer.end,
        )
    return outer.end


def parse_prefix(buf: bytes) -> CertificatePrefix:
    """Locate serial and issuer in the first bytes of a certificate.

    Raises ``NeedMore`` with the byte count required when ``buf`` stops before the issuer ends,
    and ``CertificateFormatError`` when the structure is not a certificate.
    """
    total = certificate_length(buf)
    outer = read_header(buf, 0, CertificateFormatError)
    tbs = _expect(buf, outer.value_start, _SEQUENCE, total, "TBSCertificate")
    pos = tbs.value_start
    first = read_header(buf, pos, CertificateFormatError)
    if first.tag == _VERSION:
        pos = first.end
    serial = _expect(buf, pos, _INTEGER, tbs.end, "serialNumber")
    if not 1 <= serial.length <= 21:
        raise CertificateFormatError("The certificate's serial number has an impossible length.")
    algorithm = _expect(buf, serial.end, _SEQUENCE, tbs.end, "signature algorithm")
    issuer = _expect(buf, algorithm.end, _SEQUENCE, tbs.end, "issuer")
    if issuer.length == 0:
        raise CertificateFormatError("The certificate's issuer is empty.")
    _need(buf, issuer.end)
    return CertificatePrefix(
        total_length=total,
        serial_der=bytes(buf[serial.start : serial.end]),
        issuer_der=bytes(buf[issuer.start : issuer.end]),
    )


def name_to_text(name_der: bytes) -> str:
    """Render a DER Name as an RFC 4514 string; unknown string types are shown as hex."""
    name = read_header(name_der, 0, CertificateFormatError)
    rdns: list[x509.RelativeDistinguishedName] = []
    try:
        for rdn in children(name_der, name.value_start, name.end, CertificateFormatError):
            attributes = []
            for atv in children(name_der, rdn.value_start, rdn.end, CertificateFormatError):
                oid_tlv, value_tlv = children(
                    name_der, atv.value_start, atv.end, CertificateFormatError
                )
                oid = _decode_oid(name_der[oid_tlv.value_start : oid_tlv.end])
                raw = name_der[value_tlv.value_start : value_tlv.end]
                attributes.append(x509.NameAttribute(oid, _decode_string(value_tlv, raw)))
            rdns.append(x509.RelativeDistinguishedName(attributes))
    except (ValueError, UnicodeDecodeError):
        # Still show something a support person can compare by eye.
        return "#" + name_der.hex()
    return x509.Name(rdns).rfc4514_string()


def _decode_string(tlv: Tlv, raw: bytes) -> str:
    codec = _STRING_DECODERS.get(tlv.tag[0])
    if codec is None:
        raise ValueError("unsupported string type")
    return raw.decode(codec)


def _decode_oid(raw: bytes) -> ObjectIdentifier:
    if not raw:
        raise ValueError("empty OID")
    arcs: list[int] = []
    value = 0
    for byte in raw:
        value = (value << 7) | (byte & 0x7F)
        if byte & 0x80 == 0:
            arcs.append(value)
            value = 0
    first = min(arcs[0] // 40, 2)
    return ObjectIdentifier(".".join(str(a) for a in [first, arcs[0] - 40 * first, *arcs[1:]]))


def _value_offset(der: bytes) -> int:
    return read_header(der, 0, CertificateFormatError).header_length


def _expect(buf: bytes, pos: int, tag: bytes, limit: int, what: str) -> Tlv:
    tlv = read_header(buf, pos, CertificateFormatError)
    if tlv.tag != tag:
        raise CertificateFormatError(
            "The certificate's {what} is not where it should be. "
            "The card may be damaged: refer the person to the municipal office.",
            what=what,
        )
    if tlv.end > limit:
        raise CertificateFormatError("The certificate's {what} runs past its container.", what=what)
    return tlv


def _need(buf: bytes, end: int) -> None:
    if end > len(buf):
        raise NeedMore(end)
