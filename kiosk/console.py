"""The ``kazasu-kiosk`` console script's entry point, light to import.

Provisioning's worker process is started with ``spawn`` (sync/provisioner.py), which runs the
program's main script again in the new process. Under the console script that script is
``from kiosk.console import main``: the worker then loads this module, not the whole command
line (``kiosk.cli`` and everything it imports, about a quarter of a second), which it never
uses.
"""

from __future__ import annotations


def main() -> int:
    """Run the kiosk's command line (``kiosk.cli.main``); returns the exit code."""
    from kiosk.cli import main as run_command_line

    return run_command_line()
