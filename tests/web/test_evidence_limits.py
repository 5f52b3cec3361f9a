"""Evidence uploads (issue 11 §3): one size limit with the CLI's (CASEWORK_EVIDENCE_MAX_MB),
held while the body streams: over it is 413 with one line, as soon as the cap is passed;
nothing of the file is kept and nothing is appended."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from starlette.types import Message

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PEOPLE, WebDesk, csrf_of
from workflow.web.upload_cap import FORM_ROOM

MAX_MB = 0.01  # CASEWORK_EVIDENCE_MAX_MB for these tests: 10485 bytes
MOST = int(MAX_MB * 1024 * 1024)
BOUNDARY = "casework-test-boundary"


class TestEvidenceLimits(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.evidence = tmp_path / "evidence"
        self.desk = WebDesk(self.store, self.url, self.evidence, evidence_max_mb=MAX_MB)
        self.case = self.desk.dispatched()
        yield
        self.desk.close()

    def _nothing_kept(self) -> bool:
        return not self.evidence.exists() or not any(p.is_file() for p in self.evidence.rglob("*"))

    def test_the_console_holds_a_file_to_the_clis_limit(self) -> None:
        client = self.desk.login(PEOPLE["officer"])
        shown = client.get(f"/cases/{self.case}").text
        assert "证据文件（PDF、图片、音视频）（不超过 0.01 MB）" in shown  # the form says the limit
        data = {"csrf": csrf_of(shown), "kind": "现场照片",
                "text": "见附件", "expected_version": "2"}  # fmt: skip
        over = {"upload": ("现场.jpg", b"x" * (MOST + FORM_ROOM + 1), "image/jpeg")}
        refused = client.post(f"/cases/{self.case}/acts/record-evidence", data=data, files=over)
        assert refused.status_code == 413
        assert refused.text.count("\n") == 1 and "CASEWORK_EVIDENCE_MAX_MB" in refused.text
        just_over = {"upload": ("现场.jpg", b"x" * (MOST + 1), "image/jpeg")}
        refused = client.post(f"/cases/{self.case}/acts/record-evidence", data=data, files=just_over)
        assert refused.status_code == 413  # within the form's room: the file itself, still 413
        assert f"文件超过 {MAX_MB:g} MB（{MOST} 字节，CASEWORK_EVIDENCE_MAX_MB），未保存" in refused.text
        assert self.store.stream_version(f"case-{self.case}") == 2 and self._nothing_kept()
        at_most = {"upload": ("现场.jpg", b"x" * MOST, "image/jpeg")}
        kept = client.post(f"/cases/{self.case}/acts/record-evidence", data=data, files=at_most)
        assert kept.status_code == 303 and self.store.stream_version(f"case-{self.case}") == 3

    def test_the_api_refuses_a_proof_over_the_limit_with_one_json_line(self) -> None:
        token = self.desk.token(PEOPLE["officer"])  # its issue is an event: count after it
        head = self.store.status().last_position
        over = {"proof": ("确认书.pdf", b"%PDF" + b"x" * (MOST + FORM_ROOM), "application/pdf")}
        refused = self.desk.client().post(f"/api/cases/{self.case}/consent", headers=token,
                                          data={"channel": "微信"}, files=over)  # fmt: skip
        assert refused.status_code == 413
        assert refused.json()["error"] == "too_large" and "\n" not in refused.text
        assert self.store.status().last_position == head and self._nothing_kept()

    def test_a_file_between_the_limit_and_the_bodys_cap_is_413_with_one_line(self) -> None:
        """The body passes the cap (the limit plus the form's room), the file does not: the
        same 413 and one line as a body over the cap, not a 400; nothing kept or appended."""
        token = self.desk.token(PEOPLE["officer"])
        head = self.store.status().last_position
        just_over = {"proof": ("确认书.pdf", b"%PDF" + b"x" * (MOST - 3), "application/pdf")}
        refused = self.desk.client().post(f"/api/cases/{self.case}/consent", headers=token,
                                          data={"channel": "微信"}, files=just_over)  # fmt: skip
        assert refused.status_code == 413 and "\n" not in refused.text
        assert refused.json() == {"error": "too_large",
                                  "zh": f"文件超过 {MAX_MB:g} MB（{MOST} 字节，CASEWORK_EVIDENCE_MAX_MB），未保存",
                                  "en": f"a file is at most {MAX_MB:g} MB ({MOST} bytes,"
                                        " CASEWORK_EVIDENCE_MAX_MB); nothing was kept"}  # fmt: skip
        checked = self.desk.client().post("/api/documents/verify", headers=token,
                                          files={"file": ("a.pdf", b"x" * (MOST + 1), "application/pdf")})  # fmt: skip
        assert checked.status_code == 413 and checked.json()["error"] == "too_large"
        assert self.store.status().last_position == head and self._nothing_kept()

    def test_a_strangers_upload_is_refused_before_its_body_is_read(self) -> None:
        for token in (b"", b"Bearer cw_nobody_x"):  # none, or not a live one
            status, pulled = self._stream(10_000, None, token)
            assert (status, pulled) == (401, 0)
        read_only = self.desk.token(PEOPLE["officer"], ("read",))["Authorization"].encode()
        status, pulled = self._stream(3, None, read_only)  # known: the endpoint reads and says
        assert status not in (401, 413) and pulled == 3
        status, pulled = self._stream(10_000, None, b"", f"/cases/{self.case}/acts/record-evidence")
        assert (status, pulled) == (303, 0)  # the console without a session: to the login page

    def _stream(self, chunks: int, declared: int | None, token: bytes, path: str = "") -> tuple[int, int]:
        """POST an endless-looking multipart body to the API in 4 KiB chunks: (status, how
        many chunks the server pulled)."""
        start = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"channel\"\r\n\r\n微信\r\n"
                 f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"proof\"; "
                 f"filename=\"p.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").encode()  # fmt: skip
        pulled, answer = 0, {}
        headers = [(b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode()),
                   (b"host", b"testserver")] + ([(b"authorization", token)] if token else [])  # fmt: skip
        if declared is not None:
            headers.append((b"content-length", str(declared).encode()))
        path = path or f"/api/cases/{self.case}/consent"
        scope: dict[str, Any] = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                 "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(),
                 "query_string": b"", "root_path": "", "headers": headers,
                 "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}  # fmt: skip

        async def receive() -> Message:
            nonlocal pulled
            pulled += 1
            body = start if pulled == 1 else b"x" * 4096
            return {"type": "http.request", "body": body, "more_body": pulled < chunks}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]

        anyio.run(self.desk.app, scope, receive, send)
        return answer["status"], pulled

    def test_a_body_is_cut_off_as_soon_as_it_passes_the_cap(self) -> None:
        token = self.desk.token(PEOPLE["officer"])["Authorization"].encode()
        head = self.store.status().last_position
        status, pulled = self._stream(10_000, None, token)  # ~40 MB offered, chunked
        assert status == 413
        assert pulled <= (MOST + FORM_ROOM) // 4096 + 2  # not one chunk read past the cap
        assert self.store.status().last_position == head and self._nothing_kept()

    def test_a_declared_length_over_the_cap_is_refused_unread(self) -> None:
        token = self.desk.token(PEOPLE["officer"])["Authorization"].encode()
        status, pulled = self._stream(10_000, 40 * 1024 * 1024, token)
        assert (status, pulled) == (413, 0)
