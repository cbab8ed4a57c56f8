"""The public safety list is limited per client address: past its searches a client gets a
page saying to wait, in its language, while other clients search on; nothing is stored."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from linkage.limits import RateLimit
from linkage.web import safety
from tests.linkage.web.conftest import Web


def test_searches_past_the_limit_get_a_page_saying_to_wait(web: Web) -> None:
    for _ in range(safety.SEARCHES):
        assert web.client.get("/safety", params={"name": "山田 花子"}).status_code == 200
    limited = web.client.get("/safety", params={"name": "山田 花子"})
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == str(safety.WINDOW_S)
    assert "この接続からの検索が多すぎます" in limited.text
    assert 'href="/safety"' in limited.text
    english = web.client.get("/safety", params={"name": "Yamada Hanako", "lang": "en"})
    assert english.status_code == 429 and "Too many searches" in english.text
    easy = web.client.get("/safety", params={"name": "山田 花子", "lang": "vi"})
    assert "Có quá nhiều lượt tìm kiếm" in easy.text
    # The form itself is never limited, and another address searches on.
    assert web.client.get("/safety").status_code == 200
    other = TestClient(web.client.app, base_url="https://testserver", client=("192.0.2.7", 5))
    assert other.get("/safety", params={"name": "山田 花子"}).status_code == 200
    assert "kz_session" not in limited.headers.get("set-cookie", "")


@pytest.mark.parametrize("elapsed", [599.0, 600.0])
def test_a_limited_client_searches_again_once_the_window_has_passed(elapsed: float) -> None:
    now = [0.0]
    limit = RateLimit(2, 600, clock=lambda: now[0])
    assert limit.allow("192.0.2.1") and limit.allow("192.0.2.1")
    assert not limit.allow("192.0.2.1")
    assert limit.allow("192.0.2.2")
    now[0] = elapsed
    assert limit.allow("192.0.2.1") is (elapsed >= 600)
