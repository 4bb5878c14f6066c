#!/usr/bin/python3
"""A Docker authorization plugin: denyauthz.

Written from Docker's plugin documentation alone (plugin_api, plugins_authorization), with Python's standard
library only. The daemon asks it about every API request (POST /AuthZPlugin.AuthZReq) before serving it and
about every answer (POST /AuthZPlugin.AuthZRes) after; it answers {"Allow": true} or {"Allow": false, "Msg": ...}.

It denies
  * any request whose "METHOD URI" matches one of the --deny patterns (regular expressions), e.g.
    --deny '^DELETE /(v[0-9.]+/)?volumes/' forbids removing volumes;
  * creating a container that carries one of the --deny-label labels (read from the JSON request body,
    which the daemon sends base64-encoded in RequestBody).
With --log FILE it appends one JSON line per call (what it was asked and what it answered).

    denyauthz.py --socket /run/docker/plugins/denyauthz.sock --deny '^DELETE ' --deny-label locked
"""
import argparse
import base64
import json
import os
import re
import signal
import socketserver
import sys
import threading
from http.server import BaseHTTPRequestHandler

CREATE_CONTAINER = re.compile(r"^/(v[0-9.]+/)?containers/create(\?|$)")


class Policy:
    def __init__(self, deny_patterns, deny_labels, log_file):
        self.deny = [re.compile(p) for p in deny_patterns]
        self.deny_labels = deny_labels
        self.log_file = log_file
        self.lock = threading.Lock()

    def request(self, req):
        line = "%s %s" % (req.get("RequestMethod", ""), req.get("RequestUri", ""))
        for pattern in self.deny:
            if pattern.search(line):
                return {"Allow": False, "Msg": "%s is not allowed (rule %s)" % (line, pattern.pattern)}
        if req.get("RequestMethod") == "POST" and CREATE_CONTAINER.match(req.get("RequestUri", "")):
            labels = self.labels_of(req.get("RequestBody"))
            for label in self.deny_labels:
                if label in labels:
                    return {"Allow": False, "Msg": "containers labelled %s may not be created" % label}
        return {"Allow": True}

    @staticmethod
    def labels_of(encoded):
        if not encoded:
            return {}
        try:
            body = json.loads(base64.b64decode(encoded))
        except ValueError:
            return {}
        return body.get("Labels") or {}

    def response(self, req):
        return {"Allow": True}

    def record(self, method, req, answer):
        if not self.log_file:
            return
        entry = {"call": method, "method": req.get("RequestMethod"), "uri": req.get("RequestUri"),
                 "status": req.get("ResponseStatusCode"), "hasBody": bool(req.get("RequestBody")),
                 "allow": answer.get("Allow")}
        with self.lock, open(self.log_file, "a") as f:
            f.write(json.dumps(entry) + "\n")


def handler_for(policy):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                req = json.loads(raw) if raw.strip() else {}
            except ValueError:
                self.answer(400, {"Err": "the request is not JSON"})
                return
            if self.path == "/Plugin.Activate":
                self.answer(200, {"Implements": ["authz"]})
            elif self.path == "/AuthZPlugin.AuthZReq":
                answer = policy.request(req)
                policy.record("AuthZReq", req, answer)
                self.answer(200, answer)
            elif self.path == "/AuthZPlugin.AuthZRes":
                answer = policy.response(req)
                policy.record("AuthZRes", req, answer)
                self.answer(200, answer)
            else:
                self.answer(404, {"Err": "unknown method %s" % self.path})

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
            pass  # one line per API request would drown the terminal; use --log

    return Handler


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def main():
    parser = argparse.ArgumentParser(description="Docker authorization plugin with deny rules")
    parser.add_argument("--socket", required=True, help="unix socket, e.g. /run/docker/plugins/denyauthz.sock")
    parser.add_argument("--deny", action="append", default=[], help="regex matched against 'METHOD URI'")
    parser.add_argument("--deny-label", action="append", default=[], help="label a new container may not carry")
    parser.add_argument("--log", help="append each call as a JSON line to this file")
    args = parser.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(args.socket)), exist_ok=True)
    if os.path.exists(args.socket):
        os.unlink(args.socket)
    server = Server(args.socket, handler_for(Policy(args.deny, args.deny_label, args.log)))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # leave no socket behind
    sys.stderr.write("denyauthz: listening on %s\n" % args.socket)
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        os.unlink(args.socket)


if __name__ == "__main__":
    main()
