"""The lean Elasticsearch HTTP node: same answers as the default node, kept-alive connections, and the transport's
own errors for timeouts and refused or dropped connections (so retries and the API's 503 behave as before)."""

import contextlib
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import Elasticsearch

from search.client import alias_name, credentials, get_client
from search.transport import HttpClientNode


def _node(client: Elasticsearch) -> HttpClientNode:
    return client.transport.node_pool.all()[0]


def test_the_client_uses_the_lean_node_and_gives_the_default_nodes_answers(search_clean):
    client = get_client()
    node = _node(client)
    assert isinstance(node, HttpClientNode)
    client.index(index=alias_name("transport-check"), id="1", document={"name": "ช่างแบตเตอรี่"}, refresh=True)
    try:
        ours = client.search(index=alias_name("transport-check"), query={"match": {"name": "ช่างแบตเตอรี่"}}).body
        connection = node._local.connection
        default = Elasticsearch(client.transport.node_pool.all()[0].base_url, node_class="urllib3",
                                basic_auth=credentials())
        theirs = default.search(index=alias_name("transport-check"), query={"match": {"name": "ช่างแบตเตอรี่"}}).body
        assert ours["hits"] == theirs["hits"] and ours["hits"]["hits"][0]["_source"]["name"] == "ช่างแบตเตอรี่"
        client.count(index=alias_name("transport-check"))
        assert client.indices.exists(index=alias_name("transport-check"))  # HEAD: a length but no body
        assert not client.indices.exists(index=alias_name("transport-missing"))
        assert client.search(index=alias_name("transport-check"), size=0).body["hits"]["total"]["value"] == 1
        assert node._local.connection is connection  # kept alive, not reopened per call
    finally:
        client.indices.delete(index=alias_name("transport-check"))


class _FakeElasticsearch(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    delay = 0.0
    close_after_each = False
    no_length = False  # an HTTP/1.0-style answer: no Content-Length, the body runs to the close
    garbage = False

    def do_GET(self):  # noqa: N802 - http.server's naming
        time.sleep(self.delay)
        body = b'{"cluster_name": "fake", "status": "green"}'
        if self.garbage:
            self.wfile.write(b"SSH-2.0-OpenSSH\r\n\r\n")
            self.close_connection = True
            return
        if self.no_length:
            self.wfile.write(b"HTTP/1.0 200 OK\r\nX-Elastic-Product: Elasticsearch\r\n"
                             b"Content-Type: application/json\r\n\r\n" + body)
            self.close_connection = True
            return
        self.send_response(200)
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if self.close_after_each:
            self.send_header("Connection", "close")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up waiting: the test
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_es():
    def start(**behaviour):
        handler = type("Handler", (_FakeElasticsearch,), behaviour)
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    servers = []
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_a_slow_server_is_a_connection_timeout_within_the_limit(fake_es):
    client = Elasticsearch(fake_es(delay=3), node_class=HttpClientNode, request_timeout=0.5, max_retries=0)
    started = time.monotonic()
    with pytest.raises(ConnectionTimeout):
        client.cluster.health()
    assert time.monotonic() - started < 2
    assert _node(client)._local.connection is None  # a half-used connection is never reused


def test_servers_that_close_connections_and_refused_connections(fake_es):
    client = Elasticsearch(fake_es(close_after_each=True), node_class=HttpClientNode, request_timeout=2)
    assert client.cluster.health().body["status"] == "green"
    assert _node(client)._local.connection is None  # the server said it closes: dropped, not reused
    assert client.cluster.health().body["status"] == "green"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    refused = Elasticsearch(f"http://127.0.0.1:{closed_port}", node_class=HttpClientNode, request_timeout=1,
                            max_retries=0)
    with pytest.raises(TransportConnectionError):
        refused.cluster.health()


def test_an_answer_without_length_runs_to_the_close_and_garbage_is_a_connection_error(fake_es):
    client = Elasticsearch(fake_es(no_length=True), node_class=HttpClientNode, request_timeout=2)
    assert client.cluster.health().body == {"cluster_name": "fake", "status": "green"}
    assert _node(client)._local.connection is None  # it ended with the close: nothing left to reuse
    broken = Elasticsearch(fake_es(garbage=True), node_class=HttpClientNode, request_timeout=2, max_retries=0)
    with pytest.raises(TransportConnectionError):
        broken.cluster.health()
    assert _node(broken)._local.connection is None


def test_a_connection_inherited_through_a_fork_is_not_reused(fake_es):
    client = Elasticsearch(fake_es(), node_class=HttpClientNode, request_timeout=2)
    client.cluster.health()
    node = _node(client)
    inherited = node._local.connection
    node._local.pid = -1  # as a forked worker would see its parent's connection
    client.cluster.health()
    assert node._local.connection is not inherited and inherited.sock is not None  # the parent's socket left alone
