package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wharfd's command line, daemon.json and listeners: TCP on loopback, mutual TLS, and refusals. */
class DaemonOptionsEndToEndIT {
    @TempDir
    Path work;

    @Test
    void unknownConfigKeysAndFlagsStopTheDaemonWithAClearError() throws Exception {
        Path config = work.resolve("daemon.json");
        Files.writeString(config, "{\"log-level\": \"info\", \"no-such-option\": true}");
        try (Wharfd wharfd = new Wharfd("badkey", "--config-file", config.toString())) {
            Docker.Result r = wharfd.startExpectingFailure();
            assertEquals(1, r.exitCode());
            assertTrue(r.out().contains("no-such-option"), r.out());
        }
        try (Wharfd wharfd = new Wharfd("badflag", "--no-such-flag")) {
            Docker.Result r = wharfd.startExpectingFailure();
            assertEquals(1, r.exitCode());
            assertTrue(r.out().contains("unknown flag: --no-such-flag"), r.out());
        }
    }

    @Test
    void configFileSetsWhatFlagsDoNotOverride() throws Exception {
        Path config = work.resolve("daemon.json");
        Files.writeString(config, "{\"storage-driver\": \"vfs\", \"labels\": [\"from=file\"]}");
        try (Wharfd wharfd = new Wharfd("config", "--config-file", config.toString(), "--label", "from=flag").start()) {
            String info = wharfd.docker().run("info", "--format", "{{.Driver}} {{json .Labels}}").ok().out().strip();
            assertEquals("vfs [\"from=flag\"]", info);
        }
    }

    @Test
    void sighupReloadsWhatCanChangeLive() throws Exception {
        Path config = work.resolve("daemon.json");
        Files.writeString(config, "{\"labels\": [\"stage=one\"]}");
        try (Wharfd wharfd = new Wharfd("reload", "--config-file", config.toString()).start()) {
            Docker docker = wharfd.docker();
            assertEquals("[\"stage=one\"]", docker.run("info", "--format", "{{json .Labels}}").ok().out().strip());
            Files.writeString(config, "{\"labels\": [\"stage=two\"], \"registry-mirrors\": "
                    + "[\"http://127.0.0.1:5999\"], \"storage-driver\": \"vfs\"}");
            hangUp(wharfd);
            String info = awaitInfo(docker, "{{json .Labels}} {{json .RegistryConfig.Mirrors}} {{.Driver}}",
                    "[\"stage=two\"] [\"http://127.0.0.1:5999");
            assertTrue(info.endsWith("overlay2"), "the storage driver needs a restart: " + info);
            assertTrue(wharfd.logText().contains("[storage-driver] take effect after a restart"), wharfd.logText());

            Files.writeString(config, "{\"labels\": [\"stage=three\"], \"no-such-option\": 1}");
            hangUp(wharfd);
            Thread.sleep(1000);
            assertTrue(wharfd.logText().contains("no-such-option"), wharfd.logText());
            assertTrue(docker.run("info", "--format", "{{json .Labels}}").ok().out().contains("stage=two"),
                    "a bad file changes nothing and the daemon keeps serving");
        }
    }

    /** nohup leaves SIGHUP ignored, and a JVM cannot take it back: wharfd says so rather than ignore reloads. */
    @Test
    void startedUnderNohupItSaysThatSighupCannotReload() throws Exception {
        try (Wharfd wharfd = new Wharfd("nohup")) {
            wharfd.startUnder(List.of("nohup"));
            assertTrue(wharfd.logText().contains("wharfd: SIGHUP was ignored when wharfd started"), wharfd.logText());
        }
        try (Wharfd wharfd = new Wharfd("hup").start()) {
            assertFalse(wharfd.logText().contains("SIGHUP was ignored"), wharfd.logText());
        }
    }

    private static void hangUp(Wharfd wharfd) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(wharfd.pid())).start().waitFor());
    }

    private static String awaitInfo(Docker docker, String format, String expectedStart) throws Exception {
        String info = "";
        for (int i = 0; i < 50; i++) {
            info = docker.run("info", "--format", format).ok().out().strip();
            if (info.startsWith(expectedStart)) {
                return info;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("info still says " + info);
    }

    @Test
    void plainTcpIsServedOnLoopbackAndRefusedElsewhere() throws Exception {
        int port = freePort();
        try (Wharfd wharfd = new Wharfd("tcp", "-H", "tcp://127.0.0.1:" + port).start()) {
            Docker.Result version = tcpDocker(port).run("-H", "tcp://127.0.0.1:" + port, "version", "--format",
                    "{{.Server.APIVersion}}");
            assertEquals("1.50", version.ok().out().strip());
        }
        try (Wharfd wharfd = new Wharfd("tcp-open", "-H", "tcp://0.0.0.0:" + freePort())) {
            Docker.Result r = wharfd.startExpectingFailure();
            assertEquals(1, r.exitCode());
            assertTrue(r.out().contains("plain TCP is only allowed on loopback"), r.out());
        }
    }

    @Test
    void mutualTlsAcceptsSignedClientsOnly() throws Exception {
        Path certs = Files.createDirectories(work.resolve("certs"));
        makeCertificates(certs);
        int port = freePort();
        try (Wharfd wharfd = new Wharfd("tls", "-H", "tcp://127.0.0.1:" + port, "--tlsverify",
                "--tlscacert", certs.resolve("ca.pem").toString(), "--tlscert", certs.resolve("server-cert.pem").toString(),
                "--tlskey", certs.resolve("server-key.pem").toString()).start()) {
            Docker docker = tcpDocker(port);
            String host = "tcp://127.0.0.1:" + port;
            Docker.Result signed = docker.run("-H", host, "--tlsverify", "--tlscacert", certs.resolve("ca.pem").toString(),
                    "--tlscert", certs.resolve("client-cert.pem").toString(),
                    "--tlskey", certs.resolve("client-key.pem").toString(), "version", "--format", "{{.Server.APIVersion}}");
            assertEquals("1.50", signed.ok().out().strip());
            Docker.Result anonymous = docker.run("-H", host, "--tls", "--tlscacert", certs.resolve("ca.pem").toString(),
                    "version", "--format", "{{.Server.APIVersion}}");
            assertTrue(anonymous.exitCode() != 0, "a client without a certificate must be refused");
            Docker.Result plain = docker.run("-H", host, "version", "--format", "{{.Server.APIVersion}}");
            assertTrue(plain.exitCode() != 0, "plain HTTP must be refused on a TLS port");
        }
    }

    /** openssl's traditional key forms: PKCS#1 RSA ({@code genrsa -traditional}) and SEC1 EC ({@code ecparam}). */
    @Test
    void tlsServesWithPkcs1AndEcKeys() throws Exception {
        Path certs = Files.createDirectories(work.resolve("certs-traditional"));
        makeCertificates(certs);
        run(certs, "openssl", "genrsa", "-traditional", "-out", "rsa1-key.pem", "2048");
        run(certs, "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-out", "ec-key.pem");
        for (String key : List.of("rsa1", "ec")) {
            assertTrue(Files.readString(certs.resolve(key + "-key.pem"))
                    .contains(key.equals("ec") ? "BEGIN EC PRIVATE KEY" : "BEGIN RSA PRIVATE KEY"));
            run(certs, "openssl", "req", "-new", "-key", key + "-key.pem", "-subj", "/CN=" + key, "-out", key + ".csr");
            run(certs, "openssl", "x509", "-req", "-in", key + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem",
                    "-CAcreateserial", "-days", "2", "-extfile", "server.ext", "-out", key + "-cert.pem");
            int port = freePort();
            try (Wharfd wharfd = new Wharfd("tls-" + key, "-H", "tcp://127.0.0.1:" + port, "--tlsverify",
                    "--tlscacert", certs.resolve("ca.pem").toString(),
                    "--tlscert", certs.resolve(key + "-cert.pem").toString(),
                    "--tlskey", certs.resolve(key + "-key.pem").toString()).start()) {
                Docker.Result version = tcpDocker(port).run("-H", "tcp://127.0.0.1:" + port, "--tlsverify",
                        "--tlscacert", certs.resolve("ca.pem").toString(),
                        "--tlscert", certs.resolve("client-cert.pem").toString(),
                        "--tlskey", certs.resolve("client-key.pem").toString(),
                        "version", "--format", "{{.Server.APIVersion}}");
                assertEquals("1.50", version.ok().out().strip(), key);
            }
        }
    }

    private Docker tcpDocker(int port) {
        return new Docker(null, work.resolve("docker-config-" + port));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A CA, a server certificate for 127.0.0.1 and a client certificate, with openssl. */
    private static void makeCertificates(Path dir) throws Exception {
        Files.writeString(dir.resolve("server.ext"), "subjectAltName = IP:127.0.0.1,DNS:localhost\n"
                + "extendedKeyUsage = serverAuth\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage = clientAuth\n");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=wharf-test-ca",
                "-keyout", "ca-key.pem", "-out", "ca.pem");
        for (String who : List.of("server", "client")) {
            run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + who,
                    "-keyout", who + "-key.pem", "-out", who + ".csr");
            run(dir, "openssl", "x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem",
                    "-CAcreateserial", "-days", "2", "-extfile", who + ".ext", "-out", who + "-cert.pem");
        }
    }

    private static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + out);
    }
}
