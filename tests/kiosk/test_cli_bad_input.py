"""Bad files and bad arguments at ``kazasu-kiosk``: one clear line on standard error, exit 1,
no traceback, and nothing changed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.kiosk.test_cli import REPO, Cli

HEADER = "氏名,ふりがな\n"


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    c = Cli(tmp_path / "data")
    c.run("init")
    c.run("shelter-add", "S1", "第一小学校")
    return c


def refused(cli: Cli, *args: str) -> str:
    """Run a command that must fail cleanly; its one line of standard error."""
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        capture_output=True,
        text=True,
        env=cli.env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def found(cli: Cli, name: str) -> list[str]:
    """The names a search finds."""
    return [p["name"] for p in cli.run("search", name)]


def test_a_csv_cell_over_the_csv_field_limit_is_one_line_naming_the_line(
    cli: Cli, tmp_path: Path
) -> None:
    csv_file = tmp_path / "long.csv"
    csv_file.write_text(HEADER + "山田 太郎,やまだ たろう\n" + "山" * 140_000 + ",やま\n")
    line = refused(cli, "import-csv", str(csv_file), "--shelter", "S1")
    assert "line 3" in line and "131072" in line
    assert found(cli, "山田") == []


def test_a_missing_csv_file_is_named_in_one_line(cli: Cli, tmp_path: Path) -> None:
    line = refused(cli, "import-csv", str(tmp_path / "nowhere.csv"), "--shelter", "S1")
    assert "nowhere.csv" in line and "No such file" in line


def test_a_folder_given_as_the_csv_file_is_named_in_one_line(cli: Cli, tmp_path: Path) -> None:
    line = refused(cli, "import-csv", str(tmp_path), "--shelter", "S1")
    assert str(tmp_path) in line and "directory" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_csv_file_is_named_in_one_line(cli: Cli, tmp_path: Path) -> None:
    csv_file = tmp_path / "secret.csv"
    csv_file.write_text(HEADER)
    csv_file.chmod(0)
    line = refused(cli, "import-csv", str(csv_file), "--shelter", "S1")
    assert "secret.csv" in line and "Permission denied" in line


def test_a_nul_inside_a_name_is_refused_naming_the_line_and_nothing_is_imported(
    cli: Cli, tmp_path: Path
) -> None:
    csv_file = tmp_path / "nul.csv"
    csv_file.write_text(HEADER + "山田 太郎,やまだ たろう\n山\x00田,やまだ\n")
    line = refused(cli, "import-csv", str(csv_file), "--shelter", "S1")
    assert "line 3" in line and "氏名" in line and "control character" in line
    assert found(cli, "山田") == []


def test_a_shift_jis_csv_from_a_municipal_system_is_read(cli: Cli, tmp_path: Path) -> None:
    csv_file = tmp_path / "sjis.csv"
    csv_file.write_bytes((HEADER + "髙橋 一郎,たかはし いちろう\n").encode("cp932"))
    assert cli.run("import-csv", str(csv_file), "--shelter", "S1")["persons"] == 1
    assert found(cli, "髙橋") == ["髙橋 一郎"]


def test_a_file_in_neither_utf8_nor_shift_jis_is_refused_in_one_line(
    cli: Cli, tmp_path: Path
) -> None:
    csv_file = tmp_path / "latin.csv"
    csv_file.write_bytes(b"\x81\x20garbage\n")  # a Shift_JIS lead byte with no trail byte
    line = refused(cli, "import-csv", str(csv_file), "--shelter", "S1")
    assert "neither UTF-8 nor Shift_JIS" in line


def test_an_export_into_a_missing_folder_is_named_in_one_line(cli: Cli, tmp_path: Path) -> None:
    line = refused(cli, "export-csv", str(tmp_path / "gone" / "r.csv"), "--shelter", "S1")
    assert "r.csv" in line and "No such file" in line


def test_enrolment_with_a_missing_ca_file_is_named_in_one_line(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "ca.pem"
    args = ("enrol", "--platform", "https://127.0.0.1:9", "--code", "ABCD-EFGH-JKMN-PQRS")
    line = refused(cli, *args, "--ca", str(missing))
    assert "ca.pem" in line


def test_enrolment_with_no_platform_address_says_so_not_offline(cli: Cli) -> None:
    line = refused(cli, "enrol", "--platform", "platform.city", "--code", "ABCD-EFGH-JKMN-PQRS")
    assert "platform.city" in line and "offline" not in line
