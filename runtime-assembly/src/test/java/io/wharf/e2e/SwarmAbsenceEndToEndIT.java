package io.wharf.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The swarm API and {@code /session} answer as on a dockerd outside any swarm and without BuildKit: the docker CLI
 * prints dockerd's messages, and the 503 of {@code POST /swarm/leave} is the one docker-py ignores when it cleans up.
 */
class SwarmAbsenceEndToEndIT {
    private static final String NOT_A_MANAGER = "Error response from daemon: This node is not a swarm manager. Use "
            + "\"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.";

    @Test
    void swarmCommandsPrintDockerdsMessages() throws Exception {
        try (Wharfd wharfd = new Wharfd("swarm", "--iptables=false").start()) {
            Docker docker = wharfd.docker();
            assertEquals("inactive", docker.run("info", "--format", "{{.Swarm.LocalNodeState}}").ok().out().strip());
            Docker.Result leave = docker.run("swarm", "leave", "--force");
            assertTrue(leave.exitCode() != 0);
            assertEquals("Error response from daemon: This node is not part of a swarm", leave.err().strip());
            for (List<String> command : List.of(List.of("node", "ls"), List.of("service", "ls"),
                    List.of("secret", "ls"), List.of("config", "ls"), List.of("swarm", "unlock-key"))) {
                Docker.Result r = docker.run(command.toArray(String[]::new));
                assertTrue(r.exitCode() != 0, command + " " + r.out());
                // the CLI prefixes some of them ("could not fetch unlock key: ..."), as it does with dockerd
                assertTrue(r.err().strip().endsWith(NOT_A_MANAGER), command + ": " + r.err());
            }

            UnixHttp http = wharfd.http();
            UnixHttp.Response raw = http.send("POST", "/v1.41/swarm/leave?force=true", null, null);
            assertEquals(503, raw.status());
            assertEquals("{\"message\":\"This node is not part of a swarm\"}", raw.body().strip());
            UnixHttp.Response task = http.get("/v1.50/tasks/abc");
            assertEquals(503, task.status());
            assertTrue(task.body().contains("This node is not a swarm manager."), task.body());
            assertEquals(404, http.send("DELETE", "/v1.50/swarm", null, null).status());
            // a body is read before the cluster is asked, as moby's ReadJSON does
            UnixHttp.Response broken = http.send("POST", "/v1.50/services/create", "application/json",
                    "{\"Name\":".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(400, broken.status(), broken.body());
            assertTrue(broken.body().contains("invalid JSON"), broken.body());
            UnixHttp.Response valid = http.send("POST", "/v1.50/services/create", "application/json",
                    "{\"Name\":\"web\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(503, valid.status(), valid.body());
            UnixHttp.Response session = http.send("POST", "/v1.50/session", null, null);
            assertEquals(400, session.status());
            assertEquals("{\"message\":\"no upgrade proto in request\"}", session.body().strip());
        }
    }
}
