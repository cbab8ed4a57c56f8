"""The wire formats kiosks and the platform share, one copy each, written from docs/protocol/.

Nothing here imports the kiosk, the platform, sync, the screens or the card code: both sides
import this package, so a byte a kiosk writes is the byte the platform reads.
"""
