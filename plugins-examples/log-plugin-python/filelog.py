#!/usr/bin/python3
"""A Docker logging plugin that appends each container's lines to a file: filelog.

Written from Docker's plugin documentation alone (plugin_api, plugins_logging), with Python's standard library
only. It speaks the legacy plugin protocol over a unix socket: every call is an HTTP POST of JSON to
/Plugin.Activate or /LogDriver.<Method>, answered with JSON; errors are answered in the "Err" field.

LogDriver.StartLogging hands the plugin a FIFO and the container's Info; the daemon writes the container's log to
the FIFO as a stream of LogEntry protocol buffers, each preceded by its length as a 4-byte big-endian number:

    message LogEntry { string source = 1; int64 time_nano = 2; bytes line = 3; bool partial = 4;
                       PartialLogEntryMetadata partial_log_metadata = 5; }

Each entry becomes one JSON line in OUT: {"container", "name", "source", "time_nano", "line", "partial"}.
StartLogging refuses a log option it does not know (only "filelog-tag" is known), as plugins validate their own.
Start, stop and every event are also noted in OUT.events (one JSON line each), so a test can see StopLogging.

With --read-logs, LogDriver.Capabilities says {"ReadLogs": true} and `docker logs` reads through
LogDriver.ReadLogs: {"Info": {...ContainerID...}, "Config": {"Since", "Until" (RFC 3339, Go's zero time for
none), "Tail" (-1 for all), "Follow"}} is answered with a stream of the container's entries from OUT, framed as
in StartLogging, each complete line ending with a newline (as Docker's local driver gives them back); with Follow,
new entries follow until the container's logging stops (its last FIFO ends).

    filelog.py --socket /run/docker/plugins/filelog.sock --out /var/log/filelog.jsonl [--read-logs]
"""
import argparse
import json
import os
import signal
import socketserver
import struct
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler

KNOWN_OPTS = {"filelog-tag"}
# the options the daemon itself understands, which it passes on to plugins too
DAEMON_OPTS = {"mode", "max-buffer-size", "cache-disabled", "cache-max-size", "cache-max-file", "cache-compress"}
MAX_ENTRY = 1 << 20


def read_varint(buf, pos):
    """A base-128 varint, least significant group first; returns (value, next position)."""
    value = shift = 0
    while True:
        if pos >= len(buf):
            raise ValueError("truncated varint")
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, pos
        shift += 7
        if shift >= 70:
            raise ValueError("varint too long")


def decode_entry(buf):
    """A LogEntry message as a dict; unknown fields are skipped, as protobuf readers do."""
    entry = {"source": "", "time_nano": 0, "line": b"", "partial": False}
    pos = 0
    while pos < len(buf):
        key, pos = read_varint(buf, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = read_varint(buf, pos)
            if field == 2:
                entry["time_nano"] = value - (1 << 64) if value >= 1 << 63 else value
            elif field == 4:
                entry["partial"] = value != 0
        elif wire == 2:
            size, pos = read_varint(buf, pos)
            value = buf[pos:pos + size]
            pos += size
            if field == 1:
                entry["source"] = value.decode("utf-8", "replace")
            elif field == 3:
                entry["line"] = bytes(value)
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        else:
            raise ValueError("unsupported wire type %d" % wire)
    return entry


def varint(value):
    """Base 128, least significant group first; a negative int64 as Go writes it (ten bytes)."""
    value &= (1 << 64) - 1
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def encode_entry(source, time_nano, line, partial):
    """One length-prefixed LogEntry frame; proto3 leaves fields at their defaults out."""
    body = bytearray()
    if source:
        data = source.encode()
        body += b"\x0a" + varint(len(data)) + data
    if time_nano:
        body += b"\x10" + varint(time_nano)
    if line:
        body += b"\x1a" + varint(len(line)) + line
    if partial:
        body += b"\x20\x01"
    return struct.pack(">I", len(body)) + bytes(body)


def go_time_nanos(text):
    """Epoch nanoseconds of an RFC 3339 time as Go's encoding/json writes it; 0 for Go's zero time or none."""
    if not text or text.startswith("0001-01-01T00:00:00"):
        return 0
    main, _, rest = text.partition(".")
    fraction, zone = "", "Z"
    if rest:
        digits = len(rest) - len(rest.lstrip("0123456789"))
        fraction, zone = rest[:digits], rest[digits:]
    else:
        for sign in ("Z", "+", "-"):
            at = main.find(sign, 19)
            if at >= 0:
                main, zone = main[:at], main[at:]
                break
    zone = "+00:00" if zone in ("Z", "") else zone
    seconds = datetime.strptime(main + zone.replace(":", ""), "%Y-%m-%dT%H:%M:%S%z").timestamp()
    return int(seconds) * 1_000_000_000 + int((fraction + "000000000")[:9])


def read_exactly(stream, size):
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


class Logs:
    """The FIFOs being read, by path, and the output file they all append to."""

    def __init__(self, out, read_logs=False):
        self.out = os.path.abspath(out)
        self.serves_reads = read_logs
        self.lock = threading.Lock()
        self.readers = {}
        self.logging = {}  # container ID -> FIFOs still being read, for ReadLogs' Follow

    def note(self, path, record):
        with self.lock, open(path, "a") as f:
            f.write(json.dumps(record) + "\n")

    def start(self, req):
        fifo, info = req.get("File"), req.get("Info") or {}
        unknown = sorted(k for k in (info.get("Config") or {}) if k not in KNOWN_OPTS | DAEMON_OPTS)
        if unknown:
            raise ValueError("unknown log opt '%s' for filelog log driver" % unknown[0])
        if not fifo:
            raise ValueError("no File to read")
        self.note(self.out + ".events", {"event": "start", "file": fifo, "info": info})
        thread = threading.Thread(target=self.read, args=(fifo, info), daemon=True)
        cid = info.get("ContainerID", "")
        with self.lock:
            self.readers[fifo] = thread
            self.logging[cid] = self.logging.get(cid, 0) + 1
        thread.start()
        return {"Err": ""}

    def read(self, fifo, info):
        """Until the daemon closes its end: one JSON line per entry."""
        name = info.get("ContainerName", "").lstrip("/")
        tag = (info.get("Config") or {}).get("filelog-tag", "")
        with open(fifo, "rb") as stream:
            while True:
                header = read_exactly(stream, 4)
                if header is None:
                    break
                (size,) = struct.unpack(">I", header)
                if size > MAX_ENTRY:
                    self.note(self.out + ".events", {"event": "error", "file": fifo, "error": "entry too big"})
                    break
                body = read_exactly(stream, size)
                if body is None:
                    break
                entry = decode_entry(body)
                record = {"container": info.get("ContainerID", ""), "name": name, "source": entry["source"],
                          "time_nano": entry["time_nano"], "line": entry["line"].decode("utf-8", "replace"),
                          "partial": entry["partial"]}
                if tag:
                    record["tag"] = tag
                self.note(self.out, record)
        self.note(self.out + ".events", {"event": "eof", "file": fifo})
        cid = info.get("ContainerID", "")
        with self.lock:
            self.logging[cid] = self.logging.get(cid, 1) - 1

    def stop(self, req):
        """The daemon writes no more; it closes its end of the FIFO after this answer, which ends the reader."""
        fifo = req.get("File")
        with self.lock:
            self.readers.pop(fifo, None)
        self.note(self.out + ".events", {"event": "stop", "file": fifo})
        return {"Err": ""}

    def capabilities(self, req):
        return {"Cap": {"ReadLogs": self.serves_reads}}

    def records(self, cid, offset):
        """The container's records in OUT from byte offset on, and the offset after the last whole line."""
        found = []
        if not os.path.exists(self.out):
            return found, offset
        with self.lock, open(self.out, "rb") as f:
            f.seek(offset)
            for raw in f:
                if not raw.endswith(b"\n"):
                    break
                offset += len(raw)
                record = json.loads(raw)
                if record.get("container") == cid:
                    found.append(record)
        return found, offset

    def read_logs(self, req, write):
        """LogDriver.ReadLogs: the container's entries within Since/Until, the last Tail, then new ones if Follow."""
        cid = (req.get("Info") or {}).get("ContainerID", "")
        config = req.get("Config") or {}
        since, until = go_time_nanos(config.get("Since")), go_time_nanos(config.get("Until"))
        tail, follow = config.get("Tail", -1), config.get("Follow", False)

        def wanted(r):
            return r["time_nano"] >= since and (not until or r["time_nano"] <= until)

        def send(records):
            for r in records:
                line = r["line"].encode("utf-8") + (b"" if r["partial"] else b"\n")
                write(encode_entry(r["source"], r["time_nano"], line, r["partial"]))

        found, offset = self.records(cid, 0)
        found = [r for r in found if wanted(r)]
        send(found[-tail:] if tail > 0 else [] if tail == 0 else found)
        while follow:
            with self.lock:
                still_logging = self.logging.get(cid, 0) > 0
            found, offset = self.records(cid, offset)
            send(r for r in found if wanted(r))
            if not still_logging:
                return
            time.sleep(0.1)


def handler_for(logs):
    routes = {
        "/LogDriver.StartLogging": logs.start,
        "/LogDriver.StopLogging": logs.stop,
        "/LogDriver.Capabilities": logs.capabilities,
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
                self.answer(200, {"Implements": ["LogDriver"]})
                return
            if self.path == "/LogDriver.ReadLogs" and logs.serves_reads:
                self.stream(lambda write: logs.read_logs(req, write))
                return
            route = routes.get(self.path)
            if route is None:
                self.answer(404, {"Err": "unknown method %s" % self.path})
                return
            try:
                self.answer(200, route(req))
            except (LookupError, ValueError, RuntimeError, OSError) as e:
                self.answer(200, {"Err": str(e)})

        def stream(self, produce):
            """A body of frames as they come, ended by closing the connection."""
            self.send_response(200)
            self.send_header("Content-Type", "application/x-json-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True

            def write(frame):
                self.wfile.write(frame)
                self.wfile.flush()
            try:
                produce(write)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the daemon stopped reading

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
            sys.stderr.write("filelog: %s\n" % (fmt % args))

    return Handler


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def main():
    parser = argparse.ArgumentParser(description="Docker logging plugin appending containers' lines to a file")
    parser.add_argument("--socket", required=True, help="unix socket to listen on, e.g. /run/docker/plugins/filelog.sock")
    parser.add_argument("--out", required=True, help="file the lines are appended to (JSON lines)")
    parser.add_argument("--read-logs", action="store_true", help="serve docker logs (LogDriver.ReadLogs)")
    args = parser.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(args.socket)), exist_ok=True)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    if os.path.exists(args.socket):
        os.unlink(args.socket)
    server = Server(args.socket, handler_for(Logs(args.out, args.read_logs)))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # leave no socket behind
    sys.stderr.write("filelog: listening on %s, lines to %s\n" % (args.socket, args.out))
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        os.unlink(args.socket)


if __name__ == "__main__":
    main()
