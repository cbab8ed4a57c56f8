"""Signed QR codes in the KZ1 format of docs/protocol/signed-qr.md, written from that document."""
