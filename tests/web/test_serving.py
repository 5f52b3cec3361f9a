"""`casework serve --workers N` keeps TCP_NODELAY (workflow.web.serving): uvicorn binds the
workers' listening socket with protocol 0, asyncio then left Nagle's algorithm on and every
keep-alive request after the first waited ~40 ms for the client's delayed ACK."""

from __future__ import annotations

import asyncio
import socket

import pytest
from uvicorn.config import Config

from workflow.web.serving import tcp_listener


def nodelay_of_an_accepted_connection(sock: socket.socket) -> int:
    async def main() -> int:
        got: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Accepted(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                accepted = transport.get_extra_info("socket")
                got.set_result(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Accepted, sock=sock)
        _, writer = await asyncio.open_connection(*sock.getsockname()[:2])
        try:
            return await asyncio.wait_for(got, 5)
        finally:
            writer.close()
            server.close()

    return asyncio.run(main())


def test_the_workers_listener_is_tcp_and_its_connections_get_nodelay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(Config, "bind_socket", Config.bind_socket)  # restored afterwards
    plain = Config(app="workflow.web.app:create_app", host="127.0.0.1", port=0).bind_socket()
    # uvicorn#3149 as shipped; when a uvicorn release fixes it this fails: drop tcp_listener
    assert nodelay_of_an_accepted_connection(plain) == 0
    tcp_listener()
    tcp_listener()  # twice: wrapped once
    sock = Config(app="workflow.web.app:create_app", host="127.0.0.1", port=0).bind_socket()
    assert sock.proto == socket.IPPROTO_TCP and sock.get_inheritable()  # the workers inherit it
    assert nodelay_of_an_accepted_connection(sock) != 0
