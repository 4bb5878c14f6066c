#!/usr/bin/python3
"""A stand-in daemon that answers the docker CLI's classic `docker build` instantly, to measure the CLI's own
fixed cost (bench/build-cli-floor.sh): /_ping (HEAD and GET) announcing the classic builder, POST /build reading the
whole context and answering the short stream a fully cached build sends, and a minimal /version and image inspect
for anything else the CLI asks. No disk, no JSON library on the hot path. Given a file, it also answers
/containers/json with that file's bytes (a list taken from a real daemon): the CLI's own floor for `docker ps`.

usage: instant-build-daemon.py <unix socket path> [containers.json]
"""
import os
import socket
import socketserver
import sys

IMAGE = "sha256:" + "ab" * 32
PING_HEADERS = (b"Api-Version: 1.41\r\nBuilder-Version: 1\r\nDocker-Experimental: false\r\n"
                b"Ostype: linux\r\nServer: Docker/20.10.24 (linux)\r\nCache-Control: no-cache, no-store\r\n")
BUILD_LINES = [
    b'{"stream":"Step 1/2 : FROM busybox"}\r\n', b'{"stream":"\\n"}\r\n', b'{"stream":" ---\\u003e 0123456789ab\\n"}\r\n',
    b'{"stream":"Step 2/2 : CMD [\\"sh\\"]"}\r\n', b'{"stream":"\\n"}\r\n', b'{"stream":" ---\\u003e Using cache\\n"}\r\n',
    b'{"aux":{"ID":"' + IMAGE.encode() + b'"}}\r\n', b'{"stream":"' + IMAGE.encode() + b'\\n"}\r\n',
]
VERSION = (b'{"Version":"20.10.24","ApiVersion":"1.41","MinAPIVersion":"1.12","Os":"linux","Arch":"amd64",'
           b'"Components":[]}')


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        while True:
            line = self.rfile.readline()
            if not line:
                return
            method, target, _ = line.decode("latin-1").split(" ", 2)
            headers = {}
            while True:
                h = self.rfile.readline()
                if h in (b"\r\n", b"\n", b""):
                    break
                k, v = h.decode("latin-1").split(":", 1)
                headers[k.strip().lower()] = v.strip()
            self.drain_body(headers)
            path = target.split("?", 1)[0]
            if path.endswith("/_ping"):
                body = b"" if method == "HEAD" else b"OK"
                self.wfile.write(b"HTTP/1.1 200 OK\r\n" + PING_HEADERS + b"Content-Type: text/plain; charset=utf-8\r\n"
                                 + b"Content-Length: 2\r\n\r\n" + body)
            elif path.endswith("/build"):
                lines = BUILD_LINES[-2:] if "q=1" in target else BUILD_LINES  # quiet: the ID only, as dockerd
                chunks = b"".join(b"%x\r\n%s\r\n" % (len(l), l) for l in lines) + b"0\r\n\r\n"
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                 b"Transfer-Encoding: chunked\r\n\r\n" + chunks)
            elif path.endswith("/containers/json") and CONTAINERS is not None:
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                                 % len(CONTAINERS) + CONTAINERS)
            elif path.endswith("/version"):
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                                 % len(VERSION) + VERSION)
            else:
                msg = b'{"message":"not in this stand-in"}'
                self.wfile.write(b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
                                 b"Content-Length: %d\r\n\r\n" % len(msg) + msg)
            self.wfile.flush()

    def drain_body(self, headers):
        if headers.get("transfer-encoding", "").lower() == "chunked":
            # chunk sizes parsed from large reads: a readline per chunk would slow the CLI's upload of ~600 chunks
            buf, pos = bytearray(), 0
            while True:
                eol = buf.find(b"\r\n", pos)
                if eol < 0:
                    del buf[:pos]
                    pos = 0
                    buf += self.rfile.read1(1 << 20) or b""
                    continue
                size = int(bytes(buf[pos:eol]).split(b";")[0], 16)
                end = eol + 2 + size + 2
                while len(buf) < end:
                    buf += self.rfile.read1(1 << 20)
                pos = end
                if size == 0:
                    return  # no trailers from the CLI: the empty line came with the last chunk
        else:
            n = int(headers.get("content-length", "0"))
            while n > 0:
                n -= len(self.rfile.read(min(n, 65536)))


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


CONTAINERS = None

if __name__ == "__main__":
    path = sys.argv[1]
    if len(sys.argv) > 2:
        with open(sys.argv[2], "rb") as f:
            CONTAINERS = f.read()
    if os.path.exists(path):
        os.unlink(path)
    with Server(path, Handler) as server:
        server.serve_forever()
