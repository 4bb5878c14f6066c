#!/usr/bin/python3
"""A Docker network plugin that plugs containers into a Linux bridge with veth pairs: vethnet.

Written from Docker's plugin documentation alone (plugin_api, and libnetwork's remote driver protocol,
docs/remote.md), with Python's standard library and iproute2's `ip` only. It speaks the legacy plugin protocol
over a unix socket: every call is an HTTP POST of JSON to /Plugin.Activate or /NetworkDriver.<Method>, answered
with JSON; errors are answered in the "Err" field.

Each network is a bridge on the host holding the network's gateway address; at Join the plugin makes a veth
pair, plugs one end into the bridge and names the other (SrcName) for the daemon, which moves it into the
container and names it DstPrefix + index (eth0, eth1, ...).

    vethnet.py --socket /run/docker/plugins/vethnet.sock [--prefix vn]
"""
import argparse
import json
import os
import re
import signal
import socketserver
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler

ID_PATTERN = re.compile(r"^[0-9a-f]{12,64}$")


def ip(*args, check=True):
    """Runs `ip ARGS`; a failure is an error whose text is ip's own message."""
    result = subprocess.run(["ip", *args], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError("ip %s: %s" % (" ".join(args), result.stderr.strip()))
    return result


class Networks:
    """Networks as bridges named PREFIX-<network ID>, endpoints as veth pairs named PREFIXh/PREFIXc<endpoint ID>."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.networks = {}  # network ID -> {"bridge": name, "gateway": "10.1.0.1/24" or None}
        self.endpoints = {}  # endpoint ID -> {"network": ID, "host": name, "container": name}
        self.lock = threading.Lock()

    def _name(self, kind, some_id):
        if not some_id or not ID_PATTERN.match(some_id):
            raise ValueError("invalid ID %r" % some_id)
        return (self.prefix + kind + some_id)[:15]  # Linux interface names have at most 15 characters

    def capabilities(self, req):
        return {"Scope": "local", "ConnectivityScope": "local"}

    def create_network(self, req):
        network_id = req.get("NetworkID")
        bridge = self._name("-", network_id)
        v4 = req.get("IPv4Data") or []
        gateway = v4[0].get("Gateway") if v4 else None  # "10.1.0.1/24"
        with self.lock:
            ip("link", "add", "name", bridge, "type", "bridge")
            try:
                if gateway:
                    ip("address", "add", gateway, "dev", bridge)
                ip("link", "set", "dev", bridge, "up")
            except RuntimeError:
                ip("link", "del", "dev", bridge, check=False)
                raise
            self.networks[network_id] = {"bridge": bridge, "gateway": gateway}
        return {}

    def delete_network(self, req):
        network_id = req.get("NetworkID")
        with self.lock:
            network = self.networks.pop(network_id, None)
            bridge = network["bridge"] if network else self._name("-", network_id)
            ip("link", "del", "dev", bridge, check=False)  # gone already is fine
        return {}

    def create_endpoint(self, req):
        network_id = req.get("NetworkID")
        endpoint_id = req.get("EndpointID")
        with self.lock:
            if network_id not in self.networks:
                raise LookupError("no such network %s" % network_id)
            self.endpoints[endpoint_id] = {"network": network_id, "host": self._name("h", endpoint_id),
                                           "container": self._name("c", endpoint_id)}
        # the daemon chose the address (its IPAM driver) and the MAC: nothing to change, so no Interface
        return {}

    def endpoint_oper_info(self, req):
        endpoint = self.endpoints.get(req.get("EndpointID"))
        return {"Value": {"host_interface": endpoint["host"]} if endpoint else {}}

    def delete_endpoint(self, req):
        with self.lock:
            endpoint = self.endpoints.pop(req.get("EndpointID"), None)
            if endpoint:
                ip("link", "del", "dev", endpoint["host"], check=False)  # the pair may have died with the container
        return {}

    def join(self, req):
        with self.lock:
            endpoint = self.endpoints.get(req.get("EndpointID"))
            if endpoint is None:
                raise LookupError("no such endpoint %s" % req.get("EndpointID"))
            network = self.networks[endpoint["network"]]
            ip("link", "add", "name", endpoint["host"], "type", "veth", "peer", "name", endpoint["container"])
            try:
                ip("link", "set", "dev", endpoint["host"], "master", network["bridge"], "up")
            except RuntimeError:
                ip("link", "del", "dev", endpoint["host"], check=False)
                raise
        answer = {"InterfaceName": {"SrcName": endpoint["container"], "DstPrefix": "eth"}, "StaticRoutes": []}
        if network["gateway"]:
            answer["Gateway"] = network["gateway"].split("/")[0]
        return answer

    def leave(self, req):
        return {}  # the veth pair goes at DeleteEndpoint

    def nothing(self, req):
        return {}  # DiscoverNew/DiscoverDelete, Program/RevokeExternalConnectivity: no NAT, no cluster


def handler_for(networks):
    routes = {
        "/NetworkDriver.GetCapabilities": networks.capabilities,
        "/NetworkDriver.CreateNetwork": networks.create_network,
        "/NetworkDriver.DeleteNetwork": networks.delete_network,
        "/NetworkDriver.CreateEndpoint": networks.create_endpoint,
        "/NetworkDriver.EndpointOperInfo": networks.endpoint_oper_info,
        "/NetworkDriver.DeleteEndpoint": networks.delete_endpoint,
        "/NetworkDriver.Join": networks.join,
        "/NetworkDriver.Leave": networks.leave,
        "/NetworkDriver.DiscoverNew": networks.nothing,
        "/NetworkDriver.DiscoverDelete": networks.nothing,
        "/NetworkDriver.ProgramExternalConnectivity": networks.nothing,
        "/NetworkDriver.RevokeExternalConnectivity": networks.nothing,
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
            sys.stderr.write("vethnet: %s %s\n" % (self.path, json.dumps(req)))
            if self.path == "/Plugin.Activate":
                self.answer(200, {"Implements": ["NetworkDriver"]})
                return
            route = routes.get(self.path)
            if route is None:
                self.answer(404, {"Err": "unknown method %s" % self.path})
                return
            try:
                self.answer(200, route(req))
            except (LookupError, ValueError, RuntimeError, OSError) as e:
                self.answer(500, {"Err": str(e)})

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
            sys.stderr.write("vethnet: %s\n" % (fmt % args))

    return Handler


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def main():
    parser = argparse.ArgumentParser(description="Docker network plugin: a bridge per network, veth pairs")
    parser.add_argument("--socket", required=True, help="unix socket to listen on, e.g. /run/docker/plugins/vethnet.sock")
    parser.add_argument("--prefix", default="vn", help="prefix of the interfaces it makes (at most 3 characters)")
    args = parser.parse_args()
    if not re.match(r"^[a-z]{1,3}$", args.prefix):
        parser.error("--prefix must be 1 to 3 lower-case letters")
    os.makedirs(os.path.dirname(os.path.abspath(args.socket)), exist_ok=True)
    if os.path.exists(args.socket):
        os.unlink(args.socket)
    server = Server(args.socket, handler_for(Networks(args.prefix)))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # leave no socket behind
    sys.stderr.write("vethnet: listening on %s\n" % args.socket)
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        os.unlink(args.socket)


if __name__ == "__main__":
    main()
