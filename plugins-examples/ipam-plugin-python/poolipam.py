#!/usr/bin/python3
"""A Docker IPAM plugin that hands out the addresses of one fixed pool: poolipam.

Written from Docker's plugin documentation alone (plugin_api, and libnetwork's remote IPAM protocol,
docs/ipam.md), with Python's standard library only. It speaks the legacy plugin protocol over a unix socket:
every call is an HTTP POST of JSON to /Plugin.Activate or /IpamDriver.<Method>, answered with JSON; errors are
answered in the "Err" field.

The one pool (--pool) is granted to one network at a time; its addresses are handed out lowest first, so the
gateway, which the daemon asks for first, is the pool's first host.

    poolipam.py --socket /run/docker/plugins/poolipam.sock --pool 10.213.0.0/24 [--log calls.jsonl]
"""
import argparse
import ipaddress
import json
import os
import signal
import socketserver
import sys
import threading
from http.server import BaseHTTPRequestHandler

GATEWAY_REQUEST = ("RequestAddressType", "com.docker.network.gateway")


class Pool:
    """The fixed pool, whether a network holds it, and which of its hosts are taken."""

    def __init__(self, cidr):
        self.network = ipaddress.ip_network(cidr)
        self.granted = False
        self.taken = set()
        self.lock = threading.Lock()

    def _check(self, pool_id):
        if pool_id != str(self.network) or not self.granted:
            raise LookupError("no such pool %s" % pool_id)

    def capabilities(self, req):
        return {"RequiresMACAddress": False}

    def address_spaces(self, req):
        return {"LocalDefaultAddressSpace": "poolipam-local", "GlobalDefaultAddressSpace": "poolipam-global"}

    def request_pool(self, req):
        if req.get("V6"):
            raise ValueError("poolipam has no IPv6 pool")
        wanted = req.get("Pool") or ""
        if wanted and ipaddress.ip_network(wanted, strict=False) != self.network:
            raise ValueError("poolipam only has %s, not %s" % (self.network, wanted))
        if req.get("SubPool"):
            raise ValueError("poolipam does not split its pool (no --ip-range)")
        with self.lock:
            if self.granted:
                raise RuntimeError("pool %s is in use by another network" % self.network)
            self.granted = True
            self.taken = set()
        # the PoolID names the pool in every later call; here it is simply the CIDR
        return {"PoolID": str(self.network), "Pool": str(self.network), "Data": {}}

    def release_pool(self, req):
        with self.lock:
            self._check(req.get("PoolID"))
            self.granted = False
            self.taken = set()
        return {}

    def request_address(self, req):
        wanted = req.get("Address") or ""
        options = req.get("Options") or {}
        with self.lock:
            self._check(req.get("PoolID"))
            if wanted:
                address = ipaddress.ip_address(wanted)
                if address not in self.network or address in (self.network.network_address,
                                                              self.network.broadcast_address):
                    raise ValueError("%s is not a host of %s" % (wanted, self.network))
                if address in self.taken:
                    raise RuntimeError("address %s is already in use" % wanted)
            else:
                address = next((a for a in self.network.hosts() if a not in self.taken), None)
                if address is None:
                    raise RuntimeError("no free address left in %s" % self.network)
            self.taken.add(address)
        kind = "gateway" if options.get(GATEWAY_REQUEST[0]) == GATEWAY_REQUEST[1] else "address"
        sys.stderr.write("poolipam: %s %s granted\n" % (kind, address))
        return {"Address": "%s/%d" % (address, self.network.prefixlen), "Data": {}}

    def release_address(self, req):
        with self.lock:
            self._check(req.get("PoolID"))
            self.taken.discard(ipaddress.ip_address(req.get("Address")))
        return {}


def handler_for(pool, log):
    routes = {
        "/IpamDriver.GetCapabilities": pool.capabilities,
        "/IpamDriver.GetDefaultAddressSpaces": pool.address_spaces,
        "/IpamDriver.RequestPool": pool.request_pool,
        "/IpamDriver.ReleasePool": pool.release_pool,
        "/IpamDriver.RequestAddress": pool.request_address,
        "/IpamDriver.ReleaseAddress": pool.release_address,
    }

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                req = json.loads(raw) if raw.strip() else {}
            except ValueError:
                req = {}
            if self.path == "/Plugin.Activate":
                self.answer(200, {"Implements": ["IpamDriver"]})
                return
            route = routes.get(self.path)
            if route is None:
                self.answer(404, {"Err": "unknown method %s" % self.path})
                return
            try:
                answer = route(req)
            except (LookupError, ValueError, RuntimeError) as e:
                answer = {"Err": str(e)}
            if log:
                with open(log, "a") as f:
                    f.write(json.dumps({"call": self.path[1:], "request": req, "answer": answer}) + "\n")
            self.answer(500 if "Err" in answer else 200, answer)

        def answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/vnd.docker.plugins.v1+json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def address_string(self):
            return "unix"

        def log_message(self, fmt, *args):
            sys.stderr.write("poolipam: %s\n" % (fmt % args))

    return Handler


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def main():
    parser = argparse.ArgumentParser(description="Docker IPAM plugin handing out the addresses of one pool")
    parser.add_argument("--socket", required=True, help="unix socket to listen on, e.g. /run/docker/plugins/poolipam.sock")
    parser.add_argument("--pool", required=True, help="the IPv4 pool, e.g. 10.213.0.0/24")
    parser.add_argument("--log", help="append every call and its answer to this file (JSON lines)")
    args = parser.parse_args()
    pool = Pool(args.pool)
    os.makedirs(os.path.dirname(os.path.abspath(args.socket)), exist_ok=True)
    if os.path.exists(args.socket):
        os.unlink(args.socket)
    server = Server(args.socket, handler_for(pool, args.log))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # leave no socket behind
    sys.stderr.write("poolipam: listening on %s, pool %s\n" % (args.socket, pool.network))
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        os.unlink(args.socket)


if __name__ == "__main__":
    main()
