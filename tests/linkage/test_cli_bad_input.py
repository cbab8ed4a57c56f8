"""Bad files at ``kazasu-platform import-residents`` and ``import-roll``: one clear line on
standard error, exit 1, no traceback, nothing imported; a Shift_JIS export is read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RESIDENTS = "external_ref,family_name,given_name,birth_date\n"
ROLL = "roll_number,family_name,given_name,birth_date,sex,address\n"


class PlatformCli:
    """``kazasu-platform`` as a separate process on one SQLite data folder."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.env = os.environ | {"PYTHONPATH": str(REPO), "KAZASU_ADMIN_TOKEN": "t" * 32}
        self.env.pop("KAZASU_DATABASE_URL", None)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "linkage.cli", "--data", str(self.data), *args],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
        )

    def ok(self, *args: str) -> object:
        done = self.run(*args)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else None

    def refused(self, *args: str) -> str:
        """Run a command that must fail cleanly; its one line of standard error."""
        done = self.run(*args)
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode == 1, done.stderr
        lines = done.stderr.splitlines()
        assert len(lines) == 1, done.stderr
        return lines[0]


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> PlatformCli:
    c = PlatformCli(tmp_path_factory.mktemp("platform"))
    for setup in (
        ("migrate",),
        ("municipality", "M1", "--name", "統合試験市"),
        ("election", "E1", "--name", "市長選挙", "--day", "2030-05-01"),
    ):
        assert c.run(*setup).returncode == 0
    return c


IMPORTS = {
    "residents": (
        ("import-residents", "--municipality", "M1"),
        RESIDENTS,
        "R1,{name},太郎,1950-01-01\n",
    ),
    "roll": (("import-roll", "--election", "E1"), ROLL, "1,{name},太郎,1950-01-01,male,中央1-1\n"),
}


@pytest.mark.parametrize("kind", IMPORTS)
def test_a_missing_file_is_named_in_one_line(cli: PlatformCli, tmp_path: Path, kind: str) -> None:
    command, _, _ = IMPORTS[kind]
    line = cli.refused(*command, str(tmp_path / "nowhere.csv"))
    assert "nowhere.csv" in line and "No such file" in line


@pytest.mark.parametrize("kind", IMPORTS)
def test_a_folder_given_as_the_file_is_named_in_one_line(
    cli: PlatformCli, tmp_path: Path, kind: str
) -> None:
    command, _, _ = IMPORTS[kind]
    line = cli.refused(*command, str(tmp_path))
    assert str(tmp_path) in line and "directory" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
@pytest.mark.parametrize("kind", IMPORTS)
def test_an_unreadable_file_is_named_in_one_line(
    cli: PlatformCli, tmp_path: Path, kind: str
) -> None:
    command, header, _ = IMPORTS[kind]
    csv_file = tmp_path / "secret.csv"
    csv_file.write_text(header)
    csv_file.chmod(0)
    line = cli.refused(*command, str(csv_file))
    assert "secret.csv" in line and "Permission denied" in line


@pytest.mark.parametrize("kind", IMPORTS)
def test_a_cell_over_the_csv_field_limit_is_refused_in_one_line(
    cli: PlatformCli, tmp_path: Path, kind: str
) -> None:
    command, header, row = IMPORTS[kind]
    csv_file = tmp_path / "long.csv"
    csv_file.write_text(header + row.format(name="山" * 140_000))
    line = cli.refused(*command, str(csv_file))
    assert "not valid CSV" in line and "131072" in line


@pytest.mark.parametrize("kind", IMPORTS)
def test_a_shift_jis_export_is_read(cli: PlatformCli, tmp_path: Path, kind: str) -> None:
    command, header, row = IMPORTS[kind]
    csv_file = tmp_path / "sjis.csv"
    csv_file.write_bytes((header + row.format(name="髙橋")).encode("cp932"))
    report = cli.ok(*command, str(csv_file))
    assert isinstance(report, dict) and report.get("created") == 1, report


@pytest.mark.parametrize("kind", IMPORTS)
def test_a_file_in_neither_utf8_nor_shift_jis_is_refused_in_one_line(
    cli: PlatformCli, tmp_path: Path, kind: str
) -> None:
    command, header, _ = IMPORTS[kind]
    csv_file = tmp_path / "garbled.csv"
    csv_file.write_bytes(header.encode() + b"\x81\x20garbage\n")
    line = cli.refused(*command, str(csv_file))
    assert "garbled.csv" in line and "neither UTF-8 nor Shift_JIS" in line


def test_a_nul_inside_a_name_is_not_imported(cli: PlatformCli, tmp_path: Path) -> None:
    residents = tmp_path / "residents.csv"
    residents.write_text(RESIDENTS + "R-NUL,山\x00田,太郎,1950-01-01\n")
    report = cli.ok("import-residents", "--municipality", "M1", str(residents))
    assert report == {
        "created": 0,
        "updated": 0,
        "errors": [
            {
                "row": 2,
                "external_ref": "R-NUL",
                "errors": ["family_name contains a control character or line break"],
            }
        ],
    }
    roll = tmp_path / "roll.csv"
    roll.write_text(ROLL + "9,山\x00田,太郎,1950-01-01,male,中央1-1\n")
    line = cli.refused("import-roll", "--election", "E1", str(roll))
    assert "nothing was imported" in line
