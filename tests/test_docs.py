"""The repository's own map: the README's layout block names every top-level folder, and every
``docs/design.md §N`` the code and the documents cite is a section of the design."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CITED = re.compile(r"(?:docs/design\.md|design) §(\d+)|\[design §(\d+)\]\((?:\.\./)?design\.md\)")


def tracked() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return out.splitlines()


def test_the_readme_layout_names_every_top_level_folder() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## 構成 / Layout", 1)[1].split("```")[1]
    named = {line.split()[0] for line in layout.strip().splitlines()}
    # Hidden folders (CI configuration) are not parts of the program.
    folders = {f"{path.split('/')[0]}/" for path in tracked() if "/" in path}
    folders = {f for f in folders if not f.startswith(".")}
    assert folders <= named, folders - named


def test_every_cited_design_section_exists() -> None:
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^## (\d+)\. ", design, re.M))
    cited: dict[str, str] = {}
    for path in tracked():
        if path.endswith((".py", ".md")) and path not in ("docs/design.md", "tests/test_docs.py"):
            text = (ROOT / path).read_text(encoding="utf-8")
            # The design once lived outside the repository, cited as "DESIGN(.md) §N".
            assert "DESIGN" not in text, path
            for match in CITED.finditer(text):
                cited[match.group(1) or match.group(2)] = path
    assert cited, "nothing cites the design"
    assert set(cited) <= sections, {n: p for n, p in cited.items() if n not in sections}
