"""A lean HTTP node for the Elasticsearch client: HTTP/1.1 over one kept-alive socket per thread and process.

The matching API makes one search per request. Measured in-process on the benchmark's data, the client side of
that search cost 1.43 ms of CPU through the default urllib3 node (connection pool, retry objects, header dicts,
response wrappers), 1.10 ms on the standard library's http.client (which parses every response's headers with
the email package), and about 0.35 ms less again reading the response itself. This node does only what a
plain-HTTP node must: send the request, read the status line, headers and body (Content-Length, chunked, or to
the close), honour `Connection: close`, apply timeouts, and raise the transport's own error types (so the
client's retries and our 503 answers behave the same), with request logging.
HTTPS clusters keep the default urllib3 node (see search.client).
"""

import os
import socket
import threading
import time
from platform import python_version

from elastic_transport import (
    ApiResponseMeta,
    BaseNode,
    ConnectionTimeout,
    HttpHeaders,
    NodeConfig,
)
from elastic_transport import (
    ConnectionError as TransportConnectionError,
)
from elastic_transport._node._base import RERAISE_EXCEPTIONS, NodeApiResponse
from elastic_transport.client_utils import DEFAULT

MAX_LINE = 65536  # longest status or header line accepted; longer means a broken or hostile peer


class ProtocolError(Exception):
    """The peer's answer is not HTTP we understand, or it ended early."""


class _Connection:
    """One socket and its read buffer."""

    def __init__(self, host: str, port: int, timeout: float):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reader = self.sock.makefile("rb")

    def close(self) -> None:
        self.reader.close()
        self.sock.close()

    def line(self) -> bytes:
        line = self.reader.readline(MAX_LINE + 1)
        if not line.endswith(b"\n") or len(line) > MAX_LINE:
            raise ProtocolError("the connection closed mid-response" if len(line) <= MAX_LINE else "line too long")
        return line

    def exactly(self, size: int) -> bytes:
        data = self.reader.read(size)
        if len(data) != size:
            raise ProtocolError("the connection closed mid-body")
        return data

    def read_response(self, method: str) -> tuple[int, list[tuple[str, str]], bytes, bool]:
        """(status, headers, body, whether the connection can be reused)."""
        version, _, rest = self.line().partition(b" ")
        if not version.startswith(b"HTTP/1.") or not rest[:3].isdigit():
            raise ProtocolError(f"not an HTTP response: {version[:20]!r}")
        status = int(rest[:3])
        headers, length, chunked, close = [], None, False, version == b"HTTP/1.0"
        while (line := self.line()) not in (b"\r\n", b"\n"):
            name, sep, value = line.decode("latin-1").partition(":")
            if not sep:
                raise ProtocolError("malformed header line")
            name, value = name.strip(), value.strip()
            headers.append((name, value))
            lowered = name.lower()
            if lowered == "content-length":
                length = int(value)
            elif lowered == "transfer-encoding":
                chunked = "chunked" in value.lower()
            elif lowered == "connection":
                close = "close" in value.lower() or (close and "keep-alive" not in value.lower())
        if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            return status, headers, b"", not close
        if chunked:
            parts = []
            while size := int(self.line().split(b";", 1)[0].strip(), 16):
                parts.append(self.exactly(size))
                self.line()
            while self.line() not in (b"\r\n", b"\n"):  # trailers
                pass
            return status, headers, b"".join(parts), not close
        if length is not None:
            return status, headers, self.exactly(length), not close
        return status, headers, self.reader.read(), False  # no length: the body runs to the close


class HttpClientNode(BaseNode):
    _CLIENT_META_HTTP_CLIENT = ("hc", python_version())

    def __init__(self, config: NodeConfig):
        if config.scheme != "http":
            raise ValueError("HttpClientNode speaks plain HTTP only")
        super().__init__(config)
        self._local = threading.local()
        self._host_header = f"Host: {config.host}:{config.port}\r\n".encode("latin-1")

    def _connection(self, timeout) -> _Connection:
        connection, pid = getattr(self._local, "connection", None), os.getpid()
        if connection is not None and self._local.pid != pid:  # inherited through a fork: the parent's socket
            connection = None
        if connection is None:
            connection = _Connection(self.config.host, self.config.port, timeout)
            self._local.connection, self._local.pid = connection, pid
        else:
            connection.sock.settimeout(timeout)
        return connection

    def _drop_connection(self):
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            if self._local.pid == os.getpid():
                connection.close()
            self._local.connection = None

    def _request_bytes(self, method: str, target: str, body, headers) -> bytes:
        lines = [f"{method} {target} HTTP/1.1\r\n".encode("latin-1"), self._host_header]
        lines += [f"{name}: {value}\r\n".encode("latin-1") for name, value in headers.items()
                  if name.lower() not in ("host", "content-length")]
        if body or method in ("POST", "PUT"):
            lines.append(f"Content-Length: {len(body or b'')}\r\n".encode("latin-1"))
        lines.append(b"\r\n")
        if body:
            lines.append(body if isinstance(body, bytes) else body.encode())
        return b"".join(lines)

    def perform_request(self, method, target, body=None, headers=None, request_timeout=DEFAULT) -> NodeApiResponse:
        if self.path_prefix:
            target = f"{self.path_prefix}{target}"
        timeout = self.config.request_timeout if request_timeout is DEFAULT else request_timeout
        request_headers = self._headers.copy()
        if headers:
            request_headers.update(headers)
        start = time.time()
        try:
            connection = self._connection(timeout)
            connection.sock.sendall(self._request_bytes(method, target, body, request_headers))
            status, response_headers, data, reusable = connection.read_response(method)
            if not reusable:
                self._drop_connection()
        except RERAISE_EXCEPTIONS:
            self._drop_connection()
            raise
        except Exception as exc:
            self._drop_connection()  # a half-used connection is never reused
            if isinstance(exc, (socket.timeout, TimeoutError)):
                error = ConnectionTimeout("Connection timed out during request", errors=(exc,))
            else:
                error = TransportConnectionError(str(exc), errors=(exc,))
            self._log_request(method=method, target=target, headers=request_headers, body=body, exception=error)
            raise error from exc
        meta = ApiResponseMeta(node=self.config, duration=time.time() - start, http_version="1.1",
                               status=status, headers=HttpHeaders(response_headers))
        self._log_request(method=method, target=target, headers=request_headers, body=body, meta=meta, response=data)
        return NodeApiResponse(meta, data)

    def close(self) -> None:
        self._drop_connection()
