"""Clients for the registry tests: a registry process on a real port, HTTP requests and a minimal WebSocket client
(RFC 6455, text frames, standard library only)."""
import base64
import hashlib
import http.client
import json
import os
import socket
import struct
import subprocess
import time
import urllib.parse
import uuid


class RegistryProcess:
    """registry_test_server on 127.0.0.1; stops when the test closes its standard input."""

    def __init__(self, server_binary, *args):
        etcd = os.environ.get("CROSSPOINT_REGISTRY_ETCD")
        if etcd and "--etcd" not in args:
            # The same tests against a member of a registry cluster: each process a registry of its own in etcd.
            args = (*args, "--etcd", etcd, "--etcd-prefix", f"/crosspoint-test/{uuid.uuid4()}/")
        self.process = subprocess.Popen([server_binary, *map(str, args)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().split()
        if len(line) != 2 or line[0] != "port":
            self.process.kill()
            raise RuntimeError(f"registry_test_server did not start: {line}")
        self.port = int(line[1])
        self.host = f"127.0.0.1:{self.port}"

    def kill(self):
        """Dies as a crashed member would: SIGKILL, nothing said to anyone."""
        self.process.kill()
        self.process.wait(timeout=10)
        self.process.stdin.close()
        self.process.stdout.close()

    def close(self):
        if self.process.poll() is not None and self.process.stdin.closed:
            return  # killed already
        self.process.stdin.close()
        try:
            code = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        finally:
            self.process.stdout.close()
        # A sanitizer that reports while the server stops says so only in its exit status (TSan: 66).
        if code != 0:
            raise RuntimeError(f"registry_test_server exited with status {code}")

    def request(self, method, path, body=None, headers=None, raw_body=None):
        """(status, headers as a dict with lower-case names, parsed JSON body or None)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        payload = raw_body if raw_body is not None else (json.dumps(body) if body is not None else None)
        all_headers = {"Content-Type": "application/json"} if payload is not None else {}
        all_headers.update(headers or {})
        connection.request(method, path, body=payload, headers=all_headers)
        response = connection.getresponse()
        text = response.read()
        connection.close()
        response_headers = {name.lower(): value for name, value in response.getheaders()}
        document = json.loads(text) if text else None
        return response.status, response_headers, document


GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class WebSocketClient:
    def __init__(self, url, timeout=5.0):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "ws":
            raise ValueError(f"not a ws:// URL: {url}")
        self.sock = socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        self.sock.sendall((f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
                          .encode())
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("closed during the WebSocket handshake")
            received += chunk
        head, self.buffer = received.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        self.status = int(lines[0].split()[1])
        self.headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:] if ":" in l)}
        if self.status == 101:
            expected = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
            if self.headers.get("sec-websocket-accept") != expected:
                raise ConnectionError("wrong Sec-WebSocket-Accept")
        self.closed = self.status != 101

    def _read_exact(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def _send_frame(self, opcode, payload=b""):
        mask = os.urandom(4)
        header = bytes([0x80 | opcode])
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        elif len(payload) < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", len(payload))
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", len(payload))
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send_text(self, text):
        self._send_frame(0x1, text.encode())

    def receive(self, timeout):
        """The next text message, or None when none arrives within timeout seconds or the server closed."""
        deadline = time.monotonic() + timeout
        message = b""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            self.sock.settimeout(remaining)
            try:
                first, second = self._read_exact(2)
            except (socket.timeout, TimeoutError):
                return None
            except ConnectionError:
                self.closed = True
                return None
            self.sock.settimeout(10)
            if second & 0x80:
                raise ConnectionError("server frames must not be masked")
            length = second & 0x7F
            if length == 126:
                length = struct.unpack("!H", self._read_exact(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._read_exact(8))[0]
            payload = self._read_exact(length)
            opcode = first & 0x0F
            if opcode == 0x8:
                self.closed = True
                return None
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode in (0x1, 0x0):
                message += payload
                if first & 0x80:
                    return message.decode()
            # pong and binary frames are not part of this protocol

    def receive_json(self, timeout):
        text = self.receive(timeout)
        return json.loads(text) if text is not None else None

    def close(self):
        if not self.closed:
            try:
                self._send_frame(0x8, struct.pack("!H", 1000))
                self.receive(2.0)  # the server's close frame
            except OSError:
                pass
        self.sock.close()
        self.closed = True
