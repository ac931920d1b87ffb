"""The news-site fixture of the live-ingestion tests (the site itself: newsite.py)."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer

import pytest
from newsite import Site, _handler


@pytest.fixture
def make_site():
    servers = []

    def make() -> Site:
        site = Site()
        srv = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
        srv.daemon_threads = True
        site.base = f"http://127.0.0.1:{srv.server_address[1]}"
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        return site

    yield make
    for s in servers:
        s.shutdown()
        s.server_close()
