"""A lean HTTP node for the Elasticsearch client, on the standard library's http.client.

The matching API makes one search per request. Measured in-process on the benchmark's data, the client side of
that search cost 1.43 ms of CPU through the default urllib3 node (connection pool, retry objects, header dicts,
response wrappers) and 1.10 ms through this one. It keeps one kept-alive connection per thread and process and
does only what a plain-HTTP node must: timeouts, the transport's error types (so the client's retries and our
503 answers behave the same), and request logging.
HTTPS clusters keep the default urllib3 node (see search.client).
"""

import http.client
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


class HttpClientNode(BaseNode):
    _CLIENT_META_HTTP_CLIENT = ("hc", python_version())

    def __init__(self, config: NodeConfig):
        if config.scheme != "http":
            raise ValueError("HttpClientNode speaks plain HTTP only")
        super().__init__(config)
        self._local = threading.local()

    def _connection(self, timeout) -> http.client.HTTPConnection:
        connection, pid = getattr(self._local, "connection", None), os.getpid()
        if connection is not None and self._local.pid != pid:  # inherited through a fork: the parent's socket
            connection = None
        if connection is None:
            connection = http.client.HTTPConnection(self.config.host, self.config.port, timeout=timeout)
            self._local.connection, self._local.pid = connection, pid
        elif connection.sock is not None:
            connection.sock.settimeout(timeout)
        connection.timeout = timeout
        return connection

    def _drop_connection(self):
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            if self._local.pid == os.getpid():
                connection.close()
            self._local.connection = None

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
            connection.request(method, target, body=body or None, headers=request_headers)
            response = connection.getresponse()
            data = response.read()
            if response.will_close:
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
                               status=response.status, headers=HttpHeaders(response.getheaders()))
        self._log_request(method=method, target=target, headers=request_headers, body=body, meta=meta, response=data)
        return NodeApiResponse(meta, data)

    def close(self) -> None:
        self._drop_connection()
