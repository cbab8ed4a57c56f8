"""The kiosk's PySide6 screens. They call kiosk/ services and the card and camera bridges only."""
