"""``kazasu-platform``'s administration commands live in one module per room; the entry point
finds each command's room in a table."""

from __future__ import annotations

import argparse

from linkage import cli

# Run by the entry point itself: they need no current database, or make it current.
PLATFORM_COMMANDS = {
    "serve",
    "dev-ca",
    "migrate",
    "openapi",
    "digital-auth-key",
    "kek-init-pkcs11",
    "rekey-signing-keys",
}


def _subcommands() -> set[str]:
    actions = cli.build_parser()._actions
    chooser = next(a for a in actions if isinstance(a, argparse._SubParsersAction))
    return set(chooser.choices)


def test_every_administration_command_has_exactly_one_room() -> None:
    rooms = [set(room.COMMANDS) for room in cli.ADMIN_ROOMS]
    in_rooms = set().union(*rooms)
    assert sum(len(room) for room in rooms) == len(in_rooms), "a command is in two rooms"
    assert in_rooms == _subcommands() - PLATFORM_COMMANDS


def test_the_platform_commands_are_on_the_command_line() -> None:
    assert _subcommands() >= PLATFORM_COMMANDS
