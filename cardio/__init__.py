"""Card and camera I/O: PC/SC readers, the My Number Card protocols, QR codes, a virtual card.

Nothing here imports ``ui``, ``kiosk`` or ``sync``; results are plain data and exceptions.
"""
