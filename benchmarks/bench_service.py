"""Load benchmark of ``kvalitet serve``: concurrent POST /v1/evaluate requests on loopback.

Starts ``kvalitet serve`` in its own process on a free port (or uses --url), sends generated
profiles with a fixed number of requests in flight, and prints throughput, p50/p90/p99 latency
and the error count (which must be zero). A sample of the answers is compared with the library's
Decision for the same input. Prints numbers; asserts nothing about speed.

    python benchmarks/bench_service.py                      # 2,000 requests, 16 in flight
    python benchmarks/bench_service.py --requests 10000 --concurrency 64
    python benchmarks/bench_service.py --url http://127.0.0.1:8000
    python benchmarks/bench_service.py --municipality haderslev   # one small standard
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import httpx
from bench_engine import random_profiles

from kvalitet import Decision, load_standards

ON = date(2026, 6, 1)
MUNICIPALITIES = ("hillerod", "haderslev")
CHECKED = 50  # answers compared with the library


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def server(url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "kvalitet", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{started}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        yield started
    finally:
        process.terminate()
        process.wait(timeout=30)


def bodies(count: int, municipalities: tuple[str, ...]) -> list[dict[str, Any]]:
    profiles = random_profiles(count)
    return [
        {
            "profile": profile.model_dump(mode="json", exclude_none=True),
            "municipality": municipalities[index % len(municipalities)],
            "on": ON.isoformat(),
        }
        for index, profile in enumerate(profiles)
    ]


async def run(url: str, requests: list[dict[str, Any]], concurrency: int) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    answers: dict[int, Any] = {}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(len(requests)):
        queue.put_nowait(index)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:

        async def worker() -> None:
            while not queue.empty():
                index = queue.get_nowait()
                started = time.perf_counter()
                try:
                    response = await client.post("/v1/evaluate", json=requests[index])
                except httpx.HTTPError as error:
                    errors.append(f"{type(error).__name__}: {error}")
                    continue
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    errors.append(f"{response.status_code}: {response.text[:200]}")
                elif index < CHECKED:
                    answers[index] = response.json()

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        seconds = time.perf_counter() - began
    return {"latencies": latencies, "errors": errors, "answers": answers, "seconds": seconds}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--url", help="Use a running server instead of starting one.")
    parser.add_argument(
        "--municipality", choices=MUNICIPALITIES, help="Only this one (default: alternate)."
    )
    arguments = parser.parse_args()
    chosen = (arguments.municipality,) if arguments.municipality else MUNICIPALITIES
    requests = bodies(arguments.requests, chosen)
    standards = load_standards()
    with server(arguments.url) as url:
        asyncio.run(run(url, requests[: arguments.concurrency], arguments.concurrency))  # warm-up
        result = asyncio.run(run(url, requests, arguments.concurrency))
    latencies = [1000 * seconds for seconds in result["latencies"]]
    for index, answer in result["answers"].items():
        body = requests[index]
        decision = standards.evaluate(body["profile"], municipality=body["municipality"], on=ON)
        served = Decision.from_json(json.dumps(answer))
        assert served.same_as(decision), f"request {index} differs"
    print(
        f"server: {url}  requests: {len(requests)}  in flight: {arguments.concurrency}  "
        f"municipalities: {', '.join(chosen)}"
    )
    print(f"throughput: {len(latencies) / result['seconds']:,.0f} requests/s "
          f"({result['seconds']:.2f} s)")  # fmt: skip
    if latencies:
        print(
            f"latency ms: p50 {statistics.median(latencies):.1f}  "
            f"p90 {percentile(latencies, 0.90):.1f}  p99 {percentile(latencies, 0.99):.1f}  "
            f"max {max(latencies):.1f}"
        )
    print(f"errors: {len(result['errors'])}")
    for error in result["errors"][:5]:
        print(f"  {error}")
    print(f"answers checked against the library: {len(result['answers'])}")
    if result["errors"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
