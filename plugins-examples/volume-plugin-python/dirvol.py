#!/usr/bin/python3
"""A Docker volume plugin that keeps each volume in a directory: dirvol.

Written from Docker's plugin documentation alone (plugin_api, plugins_volume), with Python's standard
library only. It speaks the legacy plugin protocol over a unix socket: every call is an HTTP POST of JSON
to /Plugin.Activate or /VolumeDriver.<Method>, answered with JSON. Errors are answered in the "Err" field.

    dirvol.py --socket /run/docker/plugins/dirvol.sock --root /var/lib/dirvol [--tmpfs SIZE]

With --tmpfs each volume's data directory is a tmpfs of its own (mounted at create, unmounted at remove): run as
a managed plugin with ROOT as its propagatedMount (and CAP_SYS_ADMIN), it shows that the daemon sees mounts a
plugin makes there.
"""
import argparse
import ctypes
import json
import os
import re
import shutil
import signal
import socketserver
import sys
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class Tmpfs:
    """mount(2) and umount2(2) through the C library already loaded (no mount binary is needed in the rootfs)."""

    def __init__(self, size):
        self.size = size
        self.libc = ctypes.CDLL("libc.so.6", use_errno=True)

    def _check(self, result, what, path):
        if result != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, "%s %s: %s" % (what, path, os.strerror(errno)))

    def mount(self, path):
        self._check(self.libc.mount(b"tmpfs", path.encode(), b"tmpfs", 0, ("size=" + self.size).encode()),
                    "mount tmpfs on", path)

    def unmount(self, path):
        if os.path.ismount(path):
            self._check(self.libc.umount2(path.encode(), 0), "unmount", path)


class Volumes:
    """Volumes as directories: ROOT/NAME/data is what containers see, ROOT/NAME/options.json the create options."""

    def __init__(self, root, tmpfs=None):
        self.root = os.path.abspath(root)
        self.tmpfs = tmpfs  # a Tmpfs: each volume's data is a tmpfs
        self.mounts = {}  # volume name -> set of mount IDs
        self.lock = threading.Lock()
        os.makedirs(self.root, exist_ok=True)

    def _dir(self, name):
        if not name or not NAME_PATTERN.match(name):
            raise ValueError("invalid volume name %r" % name)
        return os.path.join(self.root, name)

    def _describe(self, name):
        directory = self._dir(name)
        if not os.path.isdir(directory):
            raise LookupError("no such volume: %s" % name)
        created = datetime.fromtimestamp(os.stat(directory).st_mtime, timezone.utc)
        with open(os.path.join(directory, "options.json")) as f:
            options = json.load(f)
        return {
            "Name": name,
            "Mountpoint": os.path.join(directory, "data"),
            "CreatedAt": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Status": {"options": options, "mounts": len(self.mounts.get(name, ()))},
        }

    def create(self, req):
        name = req.get("Name")
        directory = self._dir(name)
        with self.lock:
            if not os.path.isdir(directory):
                os.makedirs(os.path.join(directory, "data"))
                with open(os.path.join(directory, "options.json"), "w") as f:
                    json.dump(req.get("Opts") or {}, f)
            self._ensure_mounted(name)
        return {"Err": ""}

    def _ensure_mounted(self, name):
        """The volume's tmpfs, mounted again if the plugin was restarted since (its content is then gone)."""
        data = os.path.join(self._dir(name), "data")
        if self.tmpfs is not None and not os.path.ismount(data):
            self.tmpfs.mount(data)

    def remove(self, req):
        name = req.get("Name")
        directory = self._dir(name)
        with self.lock:
            if self.mounts.get(name):
                raise RuntimeError("volume %s is mounted by %d container(s)" % (name, len(self.mounts[name])))
            if not os.path.isdir(directory):
                raise LookupError("no such volume: %s" % name)
            if self.tmpfs is not None:
                self.tmpfs.unmount(os.path.join(directory, "data"))
            shutil.rmtree(directory)
        return {"Err": ""}

    def mount(self, req):
        name = req.get("Name")
        with self.lock:
            volume = self._describe(name)
            self._ensure_mounted(name)
            self.mounts.setdefault(name, set()).add(req.get("ID", ""))
        return {"Mountpoint": volume["Mountpoint"], "Err": ""}

    def unmount(self, req):
        name = req.get("Name")
        with self.lock:
            self._describe(name)
            self.mounts.get(name, set()).discard(req.get("ID", ""))
        return {"Err": ""}

    def path(self, req):
        return {"Mountpoint": self._describe(req.get("Name"))["Mountpoint"], "Err": ""}

    def get(self, req):
        return {"Volume": self._describe(req.get("Name")), "Err": ""}

    def list(self, req):
        volumes = []
        for name in sorted(os.listdir(self.root)):
            try:
                v = self._describe(name)
            except (LookupError, ValueError, OSError):
                continue
            volumes.append({"Name": v["Name"], "Mountpoint": v["Mountpoint"]})
        return {"Volumes": volumes, "Err": ""}

    def capabilities(self, req):
        return {"Capabilities": {"Scope": "local"}}


def handler_for(volumes):
    routes = {
        "/VolumeDriver.Create": volumes.create,
        "/VolumeDriver.Remove": volumes.remove,
        "/VolumeDriver.Mount": volumes.mount,
        "/VolumeDriver.Unmount": volumes.unmount,
        "/VolumeDriver.Path": volumes.path,
        "/VolumeDriver.Get": volumes.get,
        "/VolumeDriver.List": volumes.list,
        "/VolumeDriver.Capabilities": volumes.capabilities,
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
                self.answer(200, {"Implements": ["VolumeDriver"]})
                return
            route = routes.get(self.path)
            if route is None:
                self.answer(404, {"Err": "unknown method %s" % self.path})
                return
            try:
                self.answer(200, route(req))
            except (LookupError, ValueError, RuntimeError, OSError) as e:
                # the documented way: HTTP 200 (or any status) with the message in "Err"
                self.answer(200, {"Err": str(e)})

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
            sys.stderr.write("dirvol: %s\n" % (fmt % args))

    return Handler


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def main():
    parser = argparse.ArgumentParser(description="Docker volume plugin keeping volumes in directories")
    parser.add_argument("--socket", required=True, help="unix socket to listen on, e.g. /run/docker/plugins/dirvol.sock")
    parser.add_argument("--root", required=True, help="directory that holds the volumes")
    parser.add_argument("--tmpfs", metavar="SIZE", help="make each volume a tmpfs of this size, e.g. 16m")
    args = parser.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(args.socket)), exist_ok=True)
    if os.path.exists(args.socket):
        os.unlink(args.socket)
    server = Server(args.socket, handler_for(Volumes(args.root, Tmpfs(args.tmpfs) if args.tmpfs else None)))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # leave no socket behind
    sys.stderr.write("dirvol: listening on %s, volumes in %s\n" % (args.socket, args.root))
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        os.unlink(args.socket)


if __name__ == "__main__":
    main()
