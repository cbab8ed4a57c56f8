"""HTTP routers of the platform: devices, sync and administration."""
