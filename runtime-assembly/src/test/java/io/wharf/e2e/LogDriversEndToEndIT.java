package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The journald and syslog log drivers with the docker CLI, against a systemd-journald and an rsyslogd the test
 * starts on private paths (see {@link LogSinkDaemons}): the journal's entries and their fields, syslog over UDP, TCP
 * and a unix datagram socket in each format, docker logs through the local cache, Docker's refusals, and lines
 * written while the daemon was down delivered after its restart.
 */
class LogDriversEndToEndIT {
    private static Path work;
    private static LogSinkDaemons.Rsyslog rsyslog;
    private static LogSinkDaemons.Journald journald;
    private static Wharfd wharfd;
    private static Docker docker;

    @BeforeAll
    static void startDaemons() throws Exception {
        work = Files.createTempDirectory(Path.of("/tmp"), "wharf-e2e-logdrv");
        rsyslog = new LogSinkDaemons.Rsyslog(work.resolve("rsyslog"));
        journald = new LogSinkDaemons.Journald(work.resolve("journald"));
        wharfd = new Wharfd("logdrv").withEnv("WHARF_JOURNAL_SOCKET", journald.socket.toString()).start();
        docker = wharfd.docker();
        docker.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(), "busybox:latest").ok();
    }

    @AfterAll
    static void stopDaemons() throws Exception {
        if (wharfd != null) {
            wharfd.close();
        }
        if (journald != null) {
            journald.close();
        }
        if (rsyslog != null) {
            rsyslog.close();
        }
        if (work != null) {
            new ProcessBuilder("rm", "-rf", work.toString()).start().waitFor();
        }
    }

    private static JsonNode entry(List<String> entries, String message) throws Exception {
        for (String e : entries) {
            JsonNode node = GoldenJson.MAPPER.readTree(e);
            if (message.equals(node.path("MESSAGE").asText())) {
                return node;
            }
        }
        throw new AssertionError("no entry with MESSAGE " + message + " in " + entries);
    }

    @Test
    void journaldEntriesCarryTheContainersFieldsAndDockerLogsReadsThemBack() throws Exception {
        String id = docker.run("run", "-d", "--network", "none", "--name", "jd", "--log-driver", "journald",
                "--log-opt", "tag={{.Name}}/{{.ID}}", "--log-opt", "labels=com.example.team", "--label",
                "com.example.team=blue", "--log-opt", "env=REGION", "-e", "REGION=eu", "busybox", "sh", "-c",
                "echo out line; echo err line >&2").ok().out().strip();
        assertEquals("0", docker.run("wait", "jd").ok().out().strip());
        List<String> entries = journald.await("CONTAINER_ID_FULL=" + id, 2);
        assertEquals(2, entries.size(), entries.toString());
        JsonNode out = entry(entries, "out line");
        String shortId = id.substring(0, 12);
        Map<String, String> expected = Map.of("PRIORITY", "6", "CONTAINER_ID", shortId, "CONTAINER_NAME", "jd",
                "CONTAINER_TAG", "jd/" + shortId, "SYSLOG_IDENTIFIER", "jd/" + shortId, "IMAGE_NAME", "busybox",
                "COM_EXAMPLE_TEAM", "blue", "REGION", "eu");
        expected.forEach((k, v) -> assertEquals(v, out.path(k).asText(), k + " of " + out));
        assertEquals("3", entry(entries, "err line").path("PRIORITY").asText());

        Docker.Result logs = docker.run("logs", "jd").ok();
        assertEquals("out line", logs.out().strip());
        assertEquals("err line", logs.err().strip());
        docker.run("rm", "jd").ok();
    }

    @Test
    void daemonJsonMakesJournaldTheDefaultWithItsOptions() throws Exception {
        Path config = work.resolve("daemon-journald.json");
        Files.writeString(config, "{\"log-driver\": \"journald\", \"log-opts\": {\"tag\": \"daemon-{{.Name}}\"}}");
        try (Wharfd other = new Wharfd("logdrvd", "--config-file", config.toString())
                .withEnv("WHARF_JOURNAL_SOCKET", journald.socket.toString()).start()) {
            Docker d = other.docker();
            assertEquals("journald", d.run("info", "--format", "{{.LoggingDriver}}").ok().out().strip());
            d.run("import", "-c", "CMD [\"sh\"]", TestImages.busyboxRootfs(work).toString(),
                    "busybox:latest").ok();
            String id = d.run("run", "-d", "--network", "none", "--name", "dflt", "busybox", "echo", "by default")
                    .ok().out().strip();
            d.run("wait", "dflt").ok();
            JsonNode e = entry(journald.await("CONTAINER_ID_FULL=" + id, 1), "by default");
            assertEquals("daemon-dflt", e.path("CONTAINER_TAG").asText());
            d.run("rm", "dflt").ok();
        }
    }

    @Test
    void syslogOverUdpTcpAndAUnixSocketInEachFormat() throws Exception {
        String udp = "udp://127.0.0.1:" + rsyslog.udpPort;
        String tcp = "tcp://127.0.0.1:" + rsyslog.tcpPort;
        String unix = "unixgram://" + rsyslog.unixSocket;
        record Case(String name, String address, String format, String facility, String stream, String expected) {
        }
        List<Case> cases = List.of(
                new Case("s-udp5424", udp, "rfc5424", "daemon", "", "^<30>1 \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"
                        + "(Z|[+-]\\d\\d:\\d\\d) \\S+ s-udp5424 \\d+ s-udp5424 - hello s-udp5424$"),
                new Case("s-udpmicro", udp, "rfc5424micro", "local0", "", "^<134>1 \\S+T\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?"
                        + "(Z|[+-]\\d\\d:\\d\\d) \\S+ s-udpmicro \\d+ s-udpmicro - hello s-udpmicro$"),
                new Case("s-tcp3164", tcp, "rfc3164", "local7", ">&2", "^<187>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:"
                        + "\\d\\d \\S+ s-tcp3164\\[\\d+\\]: hello s-tcp3164$"),
                new Case("s-unix", unix, "", "user", "", "^<14>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d "
                        + "s-unix\\[\\d+\\]: hello s-unix$"));
        for (Case c : cases) {
            List<String> args = new ArrayList<>(List.of("run", "--network", "none", "--name", c.name(),
                    "--log-driver", "syslog", "--log-opt", "syslog-address=" + c.address(), "--log-opt",
                    "syslog-facility=" + c.facility(), "--log-opt", "tag={{.Name}}"));
            if (!c.format().isEmpty()) {
                args.addAll(List.of("--log-opt", "syslog-format=" + c.format()));
            }
            args.addAll(List.of("busybox", "sh", "-c", "echo hello " + c.name() + " " + c.stream()));
            docker.run(args.toArray(String[]::new)).ok();
            String line = rsyslog.await(l -> l.endsWith("hello " + c.name()));
            String raw = line.substring(line.indexOf('|') + 1);
            assertTrue(raw.matches(c.expected()), c.name() + ": " + raw);
            docker.run("rm", c.name()).ok();
        }
        // --rm: the removal waits for the last lines to go out before it deletes the container's files
        docker.run("run", "--rm", "--network", "none", "--log-driver", "syslog", "--log-opt",
                "syslog-address=" + tcp, "busybox", "sh", "-c", "seq 1 300 | sed 's/^/removed /'").ok();
        rsyslog.await(l -> l.endsWith("removed 300"));
    }

    @Test
    void dockerLogsReadsASyslogContainersCacheUnlessItIsDisabled() throws Exception {
        String udp = "syslog-address=udp://127.0.0.1:" + rsyslog.udpPort;
        docker.run("run", "--network", "none", "--name", "cached", "--log-driver", "syslog", "--log-opt", udp,
                "busybox", "echo", "cached line").ok();
        assertEquals("cached line", docker.run("logs", "cached").ok().out().strip());
        docker.run("run", "--network", "none", "--name", "uncached", "--log-driver", "syslog", "--log-opt", udp,
                "--log-opt", "cache-disabled=true", "busybox", "echo", "uncached line").ok();
        rsyslog.await(l -> l.endsWith("uncached line"));
        Docker.Result logs = docker.run("logs", "uncached");
        assertNotEquals(0, logs.exitCode());
        assertTrue(logs.err().contains("configured logging driver does not support reading"), logs.err());
        docker.run("rm", "cached", "uncached").ok();
    }

    @Test
    void optionsAndEndpointsAreRefusedAsDockerRefusesThem() throws Exception {
        Map<List<String>, String> refusals = Map.of(
                List.of("--log-driver", "journald", "--log-opt", "max-size=1m"),
                "unknown log opt 'max-size' for journald log driver",
                List.of("--log-driver", "syslog", "--log-opt", "max-file=2"),
                "unknown log opt 'max-file' for syslog log driver",
                List.of("--log-driver", "syslog", "--log-opt", "syslog-format=rfc9"), "Invalid syslog format",
                List.of("--log-driver", "syslog", "--log-opt", "syslog-facility=local9"), "invalid syslog facility",
                List.of("--log-driver", "syslog", "--log-opt", "syslog-address=127.0.0.1:514"),
                "syslog-address should be in form proto://address",
                List.of("--log-driver", "syslog", "--log-opt", "syslog-address=tcp://127.0.0.1:"
                        + LogSinkDaemons.freeTcpPort()), "failed to initialize logging driver");
        for (Map.Entry<List<String>, String> r : refusals.entrySet()) {
            List<String> args = new ArrayList<>(List.of("run", "--rm", "--network", "none"));
            args.addAll(r.getKey());
            args.addAll(List.of("busybox", "true"));
            Docker.Result result = docker.run(args.toArray(String[]::new));
            assertNotEquals(0, result.exitCode(), r.getKey().toString());
            assertTrue(result.err().contains(r.getValue()), r.getKey() + ": " + result.err());
        }
    }

    @Test
    void linesWrittenWhileTheDaemonIsDownAreSentAfterItsRestart() throws Exception {
        docker.run("run", "-d", "--network", "none", "--name", "survivor", "--log-driver", "syslog", "--log-opt",
                "syslog-address=tcp://127.0.0.1:" + rsyslog.tcpPort, "--log-opt", "tag=survivor", "busybox", "sh",
                "-c", "i=1; while [ $i -le 40 ]; do echo tick $i; i=$((i+1)); sleep 0.1; done").ok();
        rsyslog.await(l -> l.endsWith("tick 5"));
        wharfd.stop();
        Thread.sleep(1500); // the container goes on writing with no daemon
        wharfd.start();
        docker.run("wait", "survivor").ok();
        rsyslog.await(l -> l.endsWith("tick 40"));
        List<String> ticks = rsyslog.received().stream().filter(l -> l.contains("survivor[") && l.contains("tick "))
                .map(l -> l.substring(l.lastIndexOf("tick "))).collect(Collectors.toList());
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            expected.add("tick " + i);
        }
        assertEquals(expected, ticks, "every line once, in order: a clean stop saves the position of the last "
                + "line sent");
        docker.run("rm", "survivor").ok();
    }
}
