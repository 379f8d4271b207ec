"""``kvalitet serve``: the HTTP API, the caseworker page and the policy author's playground.

The top layer, beside the command line: it only calls the library's public functions. Needs
the ``serve`` extra (``pip install 'kvalitet[serve]'``).

Example:
    >>> from kvalitet import load_standards
    >>> from kvalitet.service import create_app
    >>> app = create_app(load_standards())
    >>> app.title
    'kvalitet'
"""

from __future__ import annotations

import importlib.util

_NEEDED = {
    "fastapi": "fastapi",
    "uvicorn": "uvicorn",
    "python_multipart": "python-multipart",
    "swagger_ui": "swagger-ui-py",
}
for _module, _package in _NEEDED.items():
    if importlib.util.find_spec(_module) is None:  # pragma: no cover - tested in a fresh venv
        _msg = (
            f"kvalitet.service needs {_package}, which is not installed; "
            "install the server with: pip install 'kvalitet[serve]'"
        )
        raise ImportError(_msg, name=_module)

from kvalitet.service.app import create_app  # noqa: E402 - after the check for the extra
from kvalitet.service.state import ServiceSettings  # noqa: E402

__all__ = ["ServiceSettings", "create_app"]
