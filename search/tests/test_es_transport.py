"""The Elasticsearch client's behaviour on a bad network: after Elasticsearch drops its connections (a restart, an
idle timeout, a proxy in between) the next search succeeds, and a search a person waits for ends within its
timeout."""

import contextlib
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from elastic_transport import ConnectionTimeout

from search.client import _build, _search_client, alias_name, credentials, get_client


class _DroppingProxy:
    """A TCP relay in front of the real Elasticsearch whose open connections can all be cut at once, as a restart
    of Elasticsearch cuts the client's kept-alive ones."""

    def __init__(self, target: str):
        parts = urlsplit(target)
        self.target = (parts.hostname, parts.port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.sockets: list[socket.socket] = []
        self.accepted = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.accepted += 1
                self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    def drop_all(self):
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.sockets.clear()

    def close(self):
        self.drop_all()
        self.listener.close()


@pytest.fixture
def proxy():
    relay = _DroppingProxy(settings.ELASTICSEARCH_URL.split(",")[0])
    yield relay
    relay.close()


def _first_node(client):
    return client.transport.node_pool.all()[0]


def test_the_client_is_the_official_node_for_plain_http_too():
    assert type(_first_node(get_client())).__name__ == "Urllib3HttpNode"
    assert _first_node(get_client()).config.connections_per_node == settings.ELASTICSEARCH_CONNECTIONS_PER_NODE


@pytest.mark.parametrize("timeout", [3.0, 2.0], ids=["catalogue", "suggestions"])
def test_after_elasticsearch_drops_its_connections_the_next_search_succeeds(search_clean, proxy, timeout):
    index = alias_name("transport-check")
    get_client().index(index=index, id="1", document={"name": "ช่างแบตเตอรี่"}, refresh=True)
    try:
        # the client user-facing searches get, pointed at the relay instead of Elasticsearch itself
        client = _search_client(_build([proxy.url], settings.ELASTICSEARCH_TIMEOUT, 2, credentials()), timeout)
        query = {"match": {"name": "ช่างแบตเตอรี่"}}
        assert client.search(index=index, query=query).body["hits"]["total"]["value"] == 1
        assert client.search(index=index, query=query).body["hits"]["total"]["value"] == 1
        assert proxy.accepted == 1  # kept alive: the second search reused the connection
        proxy.drop_all()
        time.sleep(0.05)
        for _ in range(3):  # every search after the drop answers, none is a degraded one
            assert client.search(index=index, query=query).body["hits"]["hits"][0]["_source"]["name"] == "ช่างแบตเตอรี่"
        assert proxy.accepted == 2  # one new connection, then kept alive again
    finally:
        get_client().indices.delete(index=index)


class _SlowElasticsearch(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 - http.server's naming
        time.sleep(3)
        body = b'{"cluster_name": "slow", "status": "green"}'
        self.send_response(200)
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up waiting
            self.wfile.write(body)

    do_POST = do_GET  # noqa: N815 - http.server's naming

    def log_message(self, *args):
        pass


@pytest.fixture
def slow_es():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowElasticsearch)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_search_a_person_waits_for_times_out_once_not_per_retry(slow_es):
    client = _search_client(_build([slow_es], settings.ELASTICSEARCH_TIMEOUT, 2), 0.5)
    started = time.monotonic()
    with pytest.raises(ConnectionTimeout):
        client.search(index="anything", query={"match_all": {}})
    assert time.monotonic() - started < 1.4  # one timeout, not three


def test_background_calls_retry_a_timeout_and_each_attempt_is_bounded(slow_es):
    client = _build([slow_es], 0.4, 1)
    started = time.monotonic()
    with pytest.raises(ConnectionTimeout):
        client.cluster.health()
    elapsed = time.monotonic() - started
    assert 0.7 < elapsed < 2.0  # two attempts of 0.4 s, neither waited out the 3 s answer
