"""docker-py (Debian's python3-docker 5.0.3), unmodified, against the engine at DOCKER_HOST.

Run with /usr/bin/python3 -m unittest test_dockerpy (from this directory). WHARF_PY_IMAGE names a local busybox
image (nothing is pulled). Every check looks at what docker-py hands its users: values, not only status codes.
"""

import http.server
import io
import json
import os
import ssl
import subprocess
import tempfile
import threading
import time
import unittest
import uuid

import docker

IMAGE = os.environ.get("WHARF_PY_IMAGE", "busybox:latest")
LABEL = "io.wharf.test.dockerpy"


def unique(prefix):
    return prefix + "-" + uuid.uuid4().hex[:8]


class EngineTestCase(unittest.TestCase):
    """One client per class; whatever a test creates carries LABEL and goes at the end of the class."""

    @classmethod
    def setUpClass(cls):
        cls.client = docker.from_env(timeout=60)
        cls.api = cls.client.api

    @classmethod
    def tearDownClass(cls):
        for container in cls.client.containers.list(all=True, filters={"label": LABEL}):
            container.remove(force=True, v=True)
        for network in cls.client.networks.list(filters={"label": LABEL}):
            network.remove()
        for volume in cls.client.volumes.list(filters={"label": LABEL}):
            volume.remove(force=True)
        cls.client.close()

    def sleeper(self, **kwargs):
        """A running container that stays up for the test's exec calls."""
        return self.client.containers.run(IMAGE, ["sleep", "300"], detach=True, labels=[LABEL], **kwargs)


class ContainersTest(EngineTestCase):
    def test_run_without_detach_returns_the_output(self):
        out = self.client.containers.run(IMAGE, ["sh", "-c", "echo one; echo two"], labels=[LABEL])
        self.assertEqual(b"one\ntwo\n", out)

    def test_run_with_remove_leaves_no_container(self):
        name = unique("py-rm")
        out = self.client.containers.run(IMAGE, ["echo", "gone"], name=name, remove=True, labels=[LABEL])
        self.assertEqual(b"gone\n", out)
        self.assertEqual([], self.client.containers.list(all=True, filters={"name": name}))

    def test_mac_address_is_the_containers(self):
        # docker-py 5 speaks API 1.41, where the address is Config.MacAddress (from 1.44 it is per endpoint)
        mac = "02:42:ac:11:00:99"
        out = self.client.containers.run(IMAGE, ["cat", "/sys/class/net/eth0/address"], mac_address=mac,
                                         remove=True, labels=[LABEL])
        self.assertEqual(mac.encode() + b"\n", out)

    def test_run_of_a_failing_command_raises_container_error_with_exit_code_and_stderr(self):
        with self.assertRaises(docker.errors.ContainerError) as raised:
            self.client.containers.run(IMAGE, ["sh", "-c", "echo bad >&2; exit 3"], labels=[LABEL])
        self.assertEqual(3, raised.exception.exit_status)
        self.assertEqual(b"bad\n", raised.exception.stderr)

    def test_run_detached_then_wait_logs_and_inspect(self):
        container = self.client.containers.run(IMAGE, ["sh", "-c", "echo out; echo err >&2; exit 5"],
                                               detach=True, labels=[LABEL])
        self.assertEqual(5, container.wait(timeout=30)["StatusCode"])
        self.assertEqual(b"out\n", container.logs(stdout=True, stderr=False))
        self.assertEqual(b"err\n", container.logs(stdout=False, stderr=True))
        container.reload()
        self.assertEqual("exited", container.status)
        self.assertEqual(5, container.attrs["State"]["ExitCode"])
        self.assertEqual(IMAGE, container.attrs["Config"]["Image"])

    def test_run_with_stream_yields_one_chunk_per_line(self):
        lines = self.client.containers.run(IMAGE, ["sh", "-c", "echo a; echo b; echo c"],
                                           stream=True, labels=[LABEL])
        self.assertEqual([b"a\n", b"b\n", b"c\n"], list(lines))

    def test_logs_stream_yields_one_chunk_per_line(self):
        container = self.client.containers.run(IMAGE, ["sh", "-c", "for i in 1 2 3 4; do echo line$i; done"],
                                               detach=True, labels=[LABEL])
        container.wait(timeout=30)
        self.assertEqual([b"line1\n", b"line2\n", b"line3\n", b"line4\n"], list(container.logs(stream=True)))

    def test_logs_stream_cuts_a_long_line_into_16_kib_entries_as_docker_does(self):
        command = "head -c 20000 /dev/zero | tr '\\0' a; echo; echo end"
        container = self.client.containers.run(IMAGE, ["sh", "-c", command], detach=True, labels=[LABEL])
        container.wait(timeout=30)
        self.assertEqual([b"a" * 16384, b"a" * 3616 + b"\n", b"end\n"], list(container.logs(stream=True)))

    def test_logs_follow_streams_lines_as_they_come_and_ends_with_the_container(self):
        container = self.client.containers.run(IMAGE, ["sh", "-c", "echo first; sleep 1; echo second"],
                                               detach=True, labels=[LABEL])
        self.assertEqual([b"first\n", b"second\n"], list(container.logs(stream=True, follow=True)))

    def test_attach_stream_delivers_the_live_output_of_the_selected_streams(self):
        # Live attach frames are what the engine read from the process (as on Docker), not always one per line
        container = self.client.containers.run(IMAGE, ["sh", "-c", "sleep 1; echo one; echo two >&2; echo three"],
                                               detach=True, labels=[LABEL])
        stream = container.attach(stdout=True, stderr=False, stream=True, logs=True)
        self.assertEqual(b"one\nthree\n", b"".join(stream))
        self.assertEqual(0, container.wait(timeout=30)["StatusCode"])

    def test_low_level_api_create_start_inspect_and_remove(self):
        name = unique("py-api")
        created = self.api.create_container(IMAGE, ["sh", "-c", "echo $GREETING"], name=name,
                                            environment={"GREETING": "hello api"}, labels={LABEL: "1"})
        self.assertEqual([], created.get("Warnings") or [])
        self.api.start(created["Id"])
        self.assertEqual(0, self.api.wait(created["Id"], timeout=30)["StatusCode"])
        self.assertEqual(b"hello api\n", self.api.logs(created["Id"]))
        inspected = self.api.inspect_container(name)
        self.assertEqual(created["Id"], inspected["Id"])
        self.assertEqual("/" + name, inspected["Name"])
        self.assertIn("GREETING=hello api", inspected["Config"]["Env"])
        self.api.remove_container(name)
        with self.assertRaises(docker.errors.NotFound):
            self.api.inspect_container(name)

    def test_missing_container_raises_not_found(self):
        with self.assertRaises(docker.errors.NotFound):
            self.client.containers.get(unique("no-such-container"))


class ExecTest(EngineTestCase):
    """exec_run with every tty/stream/demux combination: stdout and stderr as docker-py separates them."""

    COMMAND = ["sh", "-c", "echo hello out; echo hello err >&2; exit 7"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.box = cls.client.containers.run(IMAGE, ["sleep", "300"], detach=True, labels=[LABEL])

    def test_plain(self):
        result = self.box.exec_run(self.COMMAND)
        self.assertEqual(7, result.exit_code)
        self.assertEqual(sorted([b"hello out\n", b"hello err\n"]), sorted(result.output.splitlines(True)))

    def test_demux(self):
        result = self.box.exec_run(self.COMMAND, demux=True)
        self.assertEqual(7, result.exit_code)
        self.assertEqual((b"hello out\n", b"hello err\n"), result.output)

    def test_stream(self):
        result = self.box.exec_run(self.COMMAND, stream=True)
        self.assertIsNone(result.exit_code)
        self.assertEqual(sorted([b"hello out\n", b"hello err\n"]), sorted(b"".join(result.output).splitlines(True)))

    def test_stream_demux(self):
        result = self.box.exec_run(self.COMMAND, stream=True, demux=True)
        self.assertIsNone(result.exit_code)
        frames = list(result.output)
        self.assertEqual(b"hello out\n", b"".join(out for out, _ in frames if out is not None))
        self.assertEqual(b"hello err\n", b"".join(err for _, err in frames if err is not None))

    def test_tty(self):
        result = self.box.exec_run(self.COMMAND, tty=True)
        self.assertEqual(7, result.exit_code)
        self.assertEqual(b"hello out\r\nhello err\r\n", result.output)

    def test_tty_demux(self):
        result = self.box.exec_run(self.COMMAND, tty=True, demux=True)
        self.assertEqual(7, result.exit_code)
        self.assertEqual((b"hello out\r\nhello err\r\n", None), result.output)

    def test_tty_stream(self):
        result = self.box.exec_run(self.COMMAND, tty=True, stream=True)
        self.assertIsNone(result.exit_code)
        self.assertEqual(b"hello out\r\nhello err\r\n", b"".join(result.output))

    def test_tty_stream_demux(self):
        result = self.box.exec_run(self.COMMAND, tty=True, stream=True, demux=True)
        frames = list(result.output)
        self.assertEqual(b"hello out\r\nhello err\r\n", b"".join(out for out, _ in frames if out is not None))
        self.assertTrue(all(err is None for _, err in frames), frames)

    def test_environment_workdir_and_user(self):
        result = self.box.exec_run(["sh", "-c", "echo $WHO; pwd; id -u"], environment={"WHO": "exec env"},
                                   workdir="/tmp", user="nobody")
        self.assertEqual(0, result.exit_code)
        self.assertEqual(b"exec env\n/tmp\n65534\n", result.output)

    def test_missing_and_non_executable_commands_exit_127_and_126_with_the_reason(self):
        missing = self.box.exec_run(["/no/such/binary"])
        self.assertEqual(127, missing.exit_code)
        self.assertIn(b'exec: "/no/such/binary": stat /no/such/binary: no such file or directory', missing.output)
        not_executable = self.box.exec_run(["/etc/passwd"])
        self.assertEqual(126, not_executable.exit_code)
        self.assertIn(b'exec: "/etc/passwd": permission denied', not_executable.output)

    def test_exit_code_is_read_back_through_exec_inspect(self):
        exec_id = self.api.exec_create(self.box.id, ["sh", "-c", "exit 42"])["Id"]
        self.api.exec_start(exec_id)
        inspected = self.api.exec_inspect(exec_id)
        self.assertFalse(inspected["Running"])
        self.assertEqual(42, inspected["ExitCode"])


class DetachKeysTest(EngineTestCase):
    """The engine detaches a client that types the detach keys (the request's, or ctrl-p,ctrl-q) and closes its
    stream; the container and its shell keep running."""

    def detached(self, raw_socket, keys):
        sock = getattr(raw_socket, "_sock", raw_socket)
        sock.settimeout(10)  # not detached: recv times out and the test fails
        sock.sendall(keys)
        while sock.recv(4096):
            pass
        sock.close()

    def test_attach_and_exec_detach_on_their_keys(self):
        container = self.client.containers.run(IMAGE, ["sh"], detach=True, tty=True, stdin_open=True,
                                               labels=[LABEL])
        stream = {"stdin": 1, "stdout": 1, "stream": 1}
        self.detached(self.api.attach_socket(container.id, params=dict(stream, detachKeys="ctrl-x,x")), b"\x18x")
        self.detached(self.api.attach_socket(container.id, params=stream), b"\x10\x11")
        exec_id = self.api.exec_create(container.id, ["sh"], stdin=True, tty=True, detach_keys="ctrl-x,x")["Id"]
        self.detached(self.api.exec_start(exec_id, tty=True, socket=True), b"\x18x")
        container.reload()
        self.assertEqual("running", container.status)
        self.assertEqual(b"still\n", container.exec_run(["echo", "still"]).output)


class AttachWebSocketTest(EngineTestCase):
    """attach_socket(ws=True): docker-py builds a ws:// URL from a tcp:// base URL only (python3-websocket), so
    this runs against the engine's TCP listener at WHARF_PY_TCP_HOST."""

    def test_attach_socket_over_a_websocket_writes_stdin_and_reads_the_output(self):
        host = os.environ.get("WHARF_PY_TCP_HOST")
        if not host:
            self.fail("WHARF_PY_TCP_HOST is not set: the engine's TCP listener is needed for ws://")
        container = self.client.containers.run(IMAGE, ["sh", "-c", "while read l; do echo \"got $l\"; done"],
                                               detach=True, stdin_open=True, labels=[LABEL])
        tcp = docker.APIClient(base_url=host, timeout=30)
        try:
            ws = tcp.attach_socket(container.id, params={"stdin": 1, "stdout": 1, "stream": 1}, ws=True)
            ws.settimeout(10)
            ws.send_binary(b"hello\n")
            received = b""
            while b"\n" not in received:
                message = ws.recv()
                received += message if isinstance(message, bytes) else message.encode()
            self.assertEqual(b"got hello\n", received, "raw bytes, no multiplexing header, as dockerd sends")
            ws.send_binary(b"again\n")
            self.assertEqual(b"got again\n", ws.recv())
            ws.close()
        finally:
            tcp.close()
        container.reload()
        self.assertEqual("running", container.status, "closing the WebSocket detaches, the container runs on")


class ImagesTest(EngineTestCase):
    def test_list_and_get_the_local_image(self):
        tags = [tag for image in self.client.images.list() for tag in image.tags]
        self.assertIn(IMAGE, tags)
        image = self.client.images.get(IMAGE)
        self.assertIn(IMAGE, image.tags)
        self.assertTrue(image.id.startswith("sha256:"), image.id)
        self.assertEqual(image.id, self.api.inspect_image(IMAGE)["Id"])

    def test_tag_and_remove_a_tag(self):
        repository = unique("py-tagged")
        image = self.client.images.get(IMAGE)
        self.assertTrue(image.tag(repository, "v1"))
        self.assertEqual(image.id, self.client.images.get(repository + ":v1").id)
        self.assertIn(repository + ":v1", self.client.images.get(IMAGE).tags)
        self.assertEqual([image.id], [i.id for i in self.client.images.list(name=repository)])
        self.client.images.remove(repository + ":v1")
        with self.assertRaises(docker.errors.ImageNotFound):
            self.client.images.get(repository + ":v1")
        self.assertIn(IMAGE, self.client.images.get(IMAGE).tags)

    def test_missing_image_raises_image_not_found(self):
        with self.assertRaises(docker.errors.ImageNotFound):
            self.client.images.get(unique("py-missing") + ":latest")

    def test_load_of_garbage_raises_image_load_error(self):
        before = len(self.client.images.list(all=True))
        with self.assertRaises(docker.errors.ImageLoadError) as raised:
            self.client.images.load(b"this is not a tarball " * 40)
        self.assertIn("invalid tar file", str(raised.exception))
        self.assertEqual(before, len(self.client.images.list(all=True)))


class FakeIndex(http.server.BaseHTTPRequestHandler):
    """A registry's v1 search API over HTTPS with a certificate of its own (a loopback registry is insecure, so
    any certificate does; Docker tries HTTPS first)."""
    queries = []

    def do_GET(self):
        if self.path.startswith("/v1/search"):
            FakeIndex.queries.append(self.path)
            body = json.dumps({"num_results": 2, "query": "busy", "results": [
                {"name": "busybox", "description": "Busybox base image.", "star_count": 3037,
                 "is_official": True, "is_automated": True},
                {"name": "team/busy", "description": "", "star_count": 1, "is_official": False,
                 "is_automated": False}]}).encode()
        else:
            body = b"true"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class SearchTest(EngineTestCase):
    def test_search_answers_the_index_results_with_is_automated_false(self):
        with tempfile.TemporaryDirectory() as tmp:
            cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                            "/CN=127.0.0.1", "-keyout", key, "-out", cert], check=True, capture_output=True)
            server = http.server.HTTPServer(("127.0.0.1", 0), FakeIndex)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(cert, key)
            server.socket = context.wrap_socket(server.socket, server_side=True)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            try:
                term = "127.0.0.1:%d/busy" % server.server_address[1]
                found = self.client.images.search(term, limit=5)
                self.assertEqual([{"name": "busybox", "description": "Busybox base image.", "star_count": 3037,
                                   "is_official": True, "is_automated": False},
                                  {"name": "team/busy", "description": "", "star_count": 1, "is_official": False,
                                   "is_automated": False}], found)
                self.assertEqual("/v1/search?q=busy&n=5", FakeIndex.queries[-1])
                with self.assertRaises(docker.errors.APIError) as refused:
                    self.client.images.search(term, limit=500)
                self.assertEqual(400, refused.exception.status_code)
                self.assertIn("limit 500 is outside the range of [1, 100]", refused.exception.explanation)
            finally:
                server.shutdown()
                server.server_close()


class BuildTest(EngineTestCase):
    """images.build(): a context directory, a bare Dockerfile, build args, a target, a failing step."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tags = []

    @classmethod
    def tearDownClass(cls):
        for tag in cls.tags:
            try:
                cls.client.images.remove(tag, force=True)
            except docker.errors.ImageNotFound:
                pass
        super().tearDownClass()

    def tagged(self, prefix):
        tag = unique(prefix) + ":1"
        self.tags.append(tag)
        return tag

    def run_image(self, image, command):
        return self.client.containers.run(image.id, command, remove=True, network_mode="none").decode()

    def test_a_context_directory_with_build_args_and_a_target(self):
        with tempfile.TemporaryDirectory() as context:
            with open(os.path.join(context, "Dockerfile"), "w") as f:
                f.write("FROM %s AS base\n"
                        "ARG WORD=default\n"
                        "COPY greeting.txt /greeting.txt\n"
                        "RUN echo \"$WORD $(cat /greeting.txt)\" > /out\n"
                        "FROM base AS final\n"
                        "RUN exit 9\n" % IMAGE)
            with open(os.path.join(context, "greeting.txt"), "w") as f:
                f.write("from the context")
            tag = self.tagged("py-built")
            image, logs = self.client.images.build(path=context, tag=tag, buildargs={"WORD": "hello"},
                                                   target="base", rm=True)
            streamed = "".join(chunk.get("stream", "") for chunk in logs)
            self.assertIn("Successfully tagged " + tag, streamed)
            self.assertNotIn("exit 9", streamed)  # the stage after the target never builds
            self.assertIn(tag, image.tags)
            self.assertEqual("hello from the context\n", self.run_image(image, ["cat", "/out"]))
            self.assertNotIn("WORD=hello", " ".join(image.attrs["Config"].get("Env") or []))

    def test_a_bare_dockerfile_as_a_file_object(self):
        dockerfile = io.BytesIO(("FROM %s\nLABEL made.by=dockerpy\nCMD [\"echo\", \"from fileobj\"]\n"
                                 % IMAGE).encode())
        tag = self.tagged("py-fileobj")
        image, _ = self.client.images.build(fileobj=dockerfile, tag=tag)
        self.assertEqual("dockerpy", image.labels["made.by"])
        self.assertEqual(["echo", "from fileobj"], image.attrs["Config"]["Cmd"])
        self.assertEqual("from fileobj\n", self.run_image(image, None))

    def test_a_failing_step_raises_build_error_with_the_log(self):
        dockerfile = io.BytesIO(("FROM %s\nRUN echo about to fail && exit 3\n" % IMAGE).encode())
        with self.assertRaises(docker.errors.BuildError) as raised:
            self.client.images.build(fileobj=dockerfile, tag=self.tagged("py-failing"))
        self.assertEqual("The command '/bin/sh -c echo about to fail && exit 3' returned a non-zero code: 3",
                         raised.exception.msg)
        chunks = list(raised.exception.build_log)
        log = "".join(chunk.get("stream", "") for chunk in chunks)
        self.assertIn("Step 2/2 : RUN echo about to fail && exit 3", log)
        self.assertIn("about to fail", log)
        self.assertEqual(3, chunks[-1]["errorDetail"]["code"])


    def test_a_refused_parameter_answers_400_while_a_large_context_is_still_sent(self):
        # the daemon refuses the platform before it reads the 4 MiB context: it must read on, or docker-py (which
        # reads the answer only after sending) sees the connection reset instead of the error
        with tempfile.TemporaryDirectory() as context:
            with open(os.path.join(context, "Dockerfile"), "w") as f:
                f.write("FROM %s\nCOPY blob /blob\n" % IMAGE)
            with open(os.path.join(context, "blob"), "wb") as f:
                f.write(os.urandom(4 << 20))
            with self.assertRaises(docker.errors.APIError) as raised:
                self.client.images.build(path=context, platform="linux/s390x")
            self.assertEqual(400, raised.exception.status_code)
            self.assertIn("unsupported platform", raised.exception.explanation)


class VolumesTest(EngineTestCase):
    def test_create_list_use_and_remove(self):
        name = unique("py-vol")
        volume = self.client.volumes.create(name, labels={LABEL: "1"})
        self.assertEqual(name, volume.name)
        self.assertEqual("local", volume.attrs["Driver"])
        self.assertIn(name, [v.name for v in self.client.volumes.list(filters={"label": LABEL})])
        self.client.containers.run(IMAGE, ["sh", "-c", "echo kept > /data/f"], remove=True,
                                   volumes={name: {"bind": "/data", "mode": "rw"}}, labels=[LABEL])
        out = self.client.containers.run(IMAGE, ["cat", "/data/f"], remove=True,
                                         volumes={name: {"bind": "/data", "mode": "ro"}}, labels=[LABEL])
        self.assertEqual(b"kept\n", out)
        volume.remove()
        with self.assertRaises(docker.errors.NotFound):
            self.client.volumes.get(name)

    def test_prune_keeps_named_volumes_unless_all_and_reports_what_it_removed(self):
        # docker-py negotiates the engine's API version; from 1.42 on prune takes only anonymous volumes by default
        name = unique("py-prune")
        self.client.volumes.create(name, labels={LABEL: "1", "prune": name})
        kept = self.client.volumes.prune(filters={"label": "prune=" + name})
        self.assertEqual([], kept["VolumesDeleted"] or [])
        self.assertIn(name, [v.name for v in self.client.volumes.list()])
        pruned = self.client.volumes.prune(filters={"label": "prune=" + name, "all": "true"})
        self.assertIsInstance(pruned["SpaceReclaimed"], int)
        self.assertEqual([name], pruned["VolumesDeleted"])
        self.assertNotIn(name, [v.name for v in self.client.volumes.list()])

    def test_prune_before_api_1_42_takes_every_unused_volume(self):
        # a client pinned to API 1.41 (as dockerd 20.10 speaks it) expects named volumes pruned too, without "all"
        old = docker.from_env(version="1.41", timeout=60)
        try:
            name = unique("py-prune-old")
            self.client.volumes.create(name, labels={LABEL: "1", "prune": name})
            pruned = old.volumes.prune(filters={"label": "prune=" + name})
            self.assertEqual([name], pruned["VolumesDeleted"])
            self.assertNotIn(name, [v.name for v in self.client.volumes.list()])
        finally:
            old.close()


class NetworksTest(EngineTestCase):
    def test_duplicate_names_are_refused_even_when_an_old_client_allows_them(self):
        # CheckDuplicate=false allowed duplicates before dockerd 25; since then a duplicate name fails for every
        # API version (moby's API changelog for 1.44: unversioned), so a 1.41 client is refused too
        old = docker.from_env(version="1.41", timeout=60)
        try:
            name = unique("py-dup")
            first = old.api.create_network(name, check_duplicate=False, labels={LABEL: "1"})
            with self.assertRaises(docker.errors.APIError) as refused:
                old.api.create_network(name, check_duplicate=False, labels={LABEL: "1"})
            self.assertEqual(409, refused.exception.status_code)
            self.assertIn("already exists", refused.exception.explanation)
            self.assertEqual([first["Id"]], [n.id for n in self.client.networks.list(names=[name])])
        finally:
            old.close()

    def test_create_inspect_and_remove(self):
        name = unique("py-net")
        network = self.client.networks.create(name, driver="bridge", labels={LABEL: "1"})
        self.assertEqual(name, network.name)
        self.assertEqual("bridge", network.attrs["Driver"])
        self.assertEqual(network.id, self.client.networks.get(name).id)
        network.remove()
        with self.assertRaises(docker.errors.NotFound):
            self.client.networks.get(name)

    def test_connected_containers_resolve_each_other_by_name(self):
        network = self.client.networks.create(unique("py-dns"), driver="bridge", labels={LABEL: "1"})
        server_name = unique("py-server")
        server = self.client.containers.run(IMAGE, ["sleep", "300"], name=server_name, detach=True,
                                            network=network.name, labels=[LABEL])
        client = self.client.containers.run(IMAGE, ["sleep", "300"], detach=True, labels=[LABEL],
                                            network=network.name)
        network.reload()
        self.assertEqual({server.id, client.id}, {c.id for c in network.containers})
        server.reload()
        server_ip = server.attrs["NetworkSettings"]["Networks"][network.name]["IPAddress"]
        result = client.exec_run(["nslookup", server_name])
        self.assertEqual(0, result.exit_code, result.output)
        self.assertIn(server_ip.encode(), result.output)
        ping = client.exec_run(["ping", "-c", "1", "-W", "5", server_name])
        self.assertEqual(0, ping.exit_code, ping.output)

    def test_connect_and_disconnect_a_running_container(self):
        network = self.client.networks.create(unique("py-conn"), labels={LABEL: "1"})
        box = self.sleeper(network=network.name)
        other = self.client.networks.create(unique("py-conn2"), labels={LABEL: "1"})
        other.connect(box, aliases=["py-alias"])
        box.reload()
        self.assertEqual({network.name, other.name}, set(box.attrs["NetworkSettings"]["Networks"]))
        self.assertIn("py-alias", box.attrs["NetworkSettings"]["Networks"][other.name]["Aliases"])
        other.disconnect(box)
        box.reload()
        self.assertEqual({network.name}, set(box.attrs["NetworkSettings"]["Networks"]))


class EventsTest(EngineTestCase):
    def test_decoded_events_filtered_by_container_and_type(self):
        since = int(time.time()) - 1
        container = self.client.containers.run(IMAGE, ["true"], detach=True, labels=[LABEL])
        container.wait(timeout=30)
        until = int(time.time()) + 1
        events = list(self.client.events(since=since, until=until, decode=True,
                                         filters={"container": container.id, "type": "container"}))
        self.assertTrue(events, "no events")
        self.assertTrue(all(e["Type"] == "container" and e["id"] == container.id for e in events), events)
        actions = [e["Action"] for e in events]
        for expected in ("create", "start", "die"):
            self.assertIn(expected, actions)
        self.assertLess(actions.index("create"), actions.index("start"))
        die = events[actions.index("die")]
        self.assertEqual("0", die["Actor"]["Attributes"]["exitCode"])
        self.assertEqual(IMAGE, die["from"])

    def test_live_events_arrive_while_streaming(self):
        stream = self.client.events(decode=True, filters={"event": "create", "label": LABEL + "=live"})
        try:
            created = self.client.containers.create(IMAGE, ["true"], labels={LABEL: "live"})
            event = next(stream)
            self.assertEqual(created.id, event["id"])
            self.assertEqual("create", event["Action"])
        finally:
            stream.close()


class EngineInfoTest(EngineTestCase):
    def test_ping_version_and_info(self):
        self.assertTrue(self.client.ping())
        version = self.client.version()
        self.assertIn("ApiVersion", version)
        self.assertEqual(self.client.info()["ID"], self.api.info()["ID"])

    def test_swarm_leave_force_passes_and_swarm_calls_say_not_a_swarm_node(self):
        # test suites clean up with swarm.leave(force=True): docker-py ignores dockerd's 503 for a non-swarm node
        self.assertTrue(self.client.swarm.leave(force=True))
        self.assertEqual("inactive", self.client.info()["Swarm"]["LocalNodeState"])
        with self.assertRaises(docker.errors.APIError) as raised:
            self.client.services.list()
        self.assertEqual(503, raised.exception.status_code)
        self.assertIn("This node is not a swarm manager", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
