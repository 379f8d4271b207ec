"""``kvalitet serve``: the HTTP API, the caseworker page and the playground (needs the extra)."""

from __future__ import annotations

from pathlib import Path

import click

from kvalitet.cli.options import STANDARDS, InputError, load


@click.command()
@STANDARDS
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--log", "log_path", type=click.Path(path_type=Path, dir_okay=False),
    help="Append a decision record (JSON Lines) for every decision; off by default.",
)  # fmt: skip
@click.option(
    "--max-body", default=1_000_000, show_default=True, type=click.IntRange(min=1),
    help="The largest request body accepted, in bytes (larger: 413).",
)  # fmt: skip
@click.option(
    "--time-limit", default=10.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
    help="Seconds an evaluation may take (longer: 503).",
)  # fmt: skip
@click.option(
    "--root-path", default="", help="The path prefix a reverse proxy serves the app under."
)
@click.option(
    "--proxy-headers/--no-proxy-headers", default=False, show_default=True,
    help="Trust X-Forwarded-* headers from --forwarded-allow-ips (behind a reverse proxy).",
)  # fmt: skip
@click.option("--forwarded-allow-ips", default="127.0.0.1", show_default=True)
@click.option(
    "--cors-origin", "cors_origins", multiple=True,
    help="A web origin whose pages may call the API from a browser (repeatable; none by default).",
)  # fmt: skip
def serve(
    standard_paths: tuple[Path, ...],
    host: str,
    port: int,
    log_path: Path | None,
    max_body: int,
    time_limit: float,
    root_path: str,
    proxy_headers: bool,  # noqa: FBT001 - click flag
    forwarded_allow_ips: str,
    cors_origins: tuple[str, ...],
) -> None:
    """Serve the JSON API (/v1, /openapi.json, /docs), the caseworker page and the playground.

    Read-only: it never writes the standards, holds no personal data between requests and
    writes nothing unless --log is given. It has no login: run it where only the intended
    users reach it (see docs/service.md).

    \b
    Examples:
      kvalitet serve
      kvalitet serve --port 8080 --log decisions.jsonl
      curl -s localhost:8000/v1/evaluate -H 'content-type: application/json' \\
        -d '{"profile": {"motivated": false}, "municipality": "haderslev", "on": "2026-06-01"}'
    """
    try:  # it names the extra to install when a part is missing
        from kvalitet.service import ServiceSettings, create_app  # noqa: PLC0415
    except ImportError as error:
        raise InputError(f"kvalitet serve: {error}") from None
    import uvicorn  # noqa: PLC0415 - checked by kvalitet.service just now

    standards = load(standard_paths)
    settings = ServiceSettings(
        max_body_bytes=max_body,
        time_limit=time_limit,
        decision_log=log_path,
        cors_origins=cors_origins,
    )
    try:
        app = create_app(standards, settings)
    except OSError as error:
        raise InputError(f"--log {log_path}: cannot be written: {error}") from None
    uvicorn.run(
        app, host=host, port=port, root_path=root_path, proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow_ips, server_header=False, log_level="info",
    )  # fmt: skip
