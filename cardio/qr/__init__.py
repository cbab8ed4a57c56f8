"""QR codes at the kiosk: the camera loop, readers, signed platform codes and city ID cards."""
