"""Every translation keeps the placeholders of its source string, and nothing is unfinished."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

I18N = Path(__file__).resolve().parents[2] / "resources" / "i18n"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%n|%L?\d")


@pytest.mark.parametrize("ts", sorted(I18N.glob("*.ts")), ids=lambda p: p.name)
def test_translations_keep_placeholders(ts: Path) -> None:
    messages = list(ET.parse(ts).iter("message"))
    assert messages
    for message in messages:
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None and translation.get("type") != "unfinished", source
        assert sorted(PLACEHOLDER.findall(translation.text or "")) == sorted(
            PLACEHOLDER.findall(source)
        ), source
