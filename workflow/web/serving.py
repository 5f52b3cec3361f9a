"""Running the app under uvicorn: `casework serve` and the web benchmark start it here.

uvicorn (0.54) binds the listening socket of `--workers N` itself and leaves its protocol
at 0; the accepted sockets inherit it, and asyncio sets `TCP_NODELAY` only on sockets
that say `IPPROTO_TCP`. So with more than one worker Nagle's algorithm stayed on, and
every keep-alive request after the first waited for the client's delayed ACK: ~45 ms a
request instead of ~2 ms (measured 28 Nov 2026 on the bare benchmark endpoint;
Kludex/uvicorn#3149, open). `tcp_listener()` re-wraps the bound socket as TCP (the same
file descriptor, bound address and inheritance), so the workers' connections get
`TCP_NODELAY` as a single process's do.

    python -m workflow.web.serving workflow.web.app:create_app --factory --workers 2
"""

from __future__ import annotations

import socket
from typing import Any


def tcp_listener() -> None:
    """Make uvicorn's `Config.bind_socket` return a TCP socket that says so (idempotent)."""
    from uvicorn.config import Config

    bind = Config.bind_socket
    if getattr(bind, "casework_tcp", False):
        return

    def bind_socket(self: Config) -> socket.socket:
        sock = bind(self)
        if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto != socket.IPPROTO_TCP:
            return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
        return sock

    bind_socket.casework_tcp = True  # type: ignore[attr-defined]
    Config.bind_socket = bind_socket  # type: ignore[method-assign]


def run(**options: Any) -> None:
    """`uvicorn.run` with the listener fixed."""
    import uvicorn

    tcp_listener()
    uvicorn.run(**options)


if __name__ == "__main__":  # uvicorn's own command line, with the listener fixed
    import uvicorn.main

    tcp_listener()
    uvicorn.main.main()
