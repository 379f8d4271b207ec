"""``kvalitet serve`` as a real process: it answers like the library, reads only, logs on demand."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from kvalitet import Decision, load_standards
from kvalitet.engine.records import RECORD_FORMAT

ROOT = Path(__file__).resolve().parents[1]
BODY: dict[str, Any] = {
    "profile": {"support_need_level": "D", "motivated": True},
    "municipality": "hillerod",
    "on": "2026-06-01",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def kvalitet_serve(cwd: Path, *args: str) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "kvalitet", "serve", "--port", str(port), *args]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    process = subprocess.Popen(  # noqa: S603 - our own command
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.communicate()[0]
            try:
                if httpx.get(f"{url}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "kvalitet serve did not start"
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def exercise(url: str) -> httpx.Response:
    """Every kind of request that could write: evaluate, the interview's end, the playground."""
    answer = httpx.post(f"{url}/v1/evaluate", json=BODY)
    text = (ROOT / "standards" / "hillerod" / "2026" / "sel-85.yaml").read_text(encoding="utf-8")
    httpx.post(f"{url}/v1/check", json={"standard": text, "profile": {}})
    httpx.post(f"{url}/playground", data={"text": text, "action": "download"})
    steps = {"municipality": "hillerod", "on": "2026-06-01", "service": "hillerod/sel-12",
             "action": "finish"}  # fmt: skip
    httpx.post(f"{url}/caseworker/interview", data=steps, timeout=30)
    return answer


def test_serve_answers_like_the_library_and_writes_records_only_with_log(tmp_path: Path) -> None:
    standards = tmp_path / "standards"
    shutil.copytree(ROOT / "standards", standards)
    before = tree_digest(tmp_path)
    library = load_standards([standards])

    with kvalitet_serve(tmp_path, "--standards", str(standards)) as url:
        answer = exercise(url)
        assert "x-decision-record" not in answer.headers
    assert tree_digest(tmp_path) == before, "without --log the server writes nothing"

    log = tmp_path / "decisions.jsonl"
    with kvalitet_serve(tmp_path, "--standards", str(standards), "--log", str(log)) as url:
        answer = exercise(url)
    expected = library.evaluate(BODY["profile"], municipality="hillerod", on=date(2026, 6, 1))
    assert Decision.from_json(answer.text).same_as(expected)
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [r["via"] for r in records] == ["api", "caseworker"]
    assert [r["record"] for r in records] == [RECORD_FORMAT] * 2
    first = records[0]
    assert first["id"] == answer.headers["x-decision-record"] == answer.json()["id"]
    assert first["profile"] == BODY["profile"]
    assert (first["municipality"], first["on"]) == (BODY["municipality"], BODY["on"])
    assert first["decision"] == answer.json()
    assert first["kvalitet_version"]
    assert records[1]["decision"]["services"].keys() == {"hillerod/sel-12"}
    after = {k: v for k, v in tree_digest(tmp_path).items() if k != log.name}
    assert after == before, "the standards are never written"


def test_serve_refuses_a_log_it_cannot_write(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "kvalitet", "serve", "--log", str(tmp_path / "no" / "such.jsonl")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "--log" in result.stderr
    assert "cannot be written" in result.stderr
