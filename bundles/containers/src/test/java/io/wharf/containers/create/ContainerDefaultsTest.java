package io.wharf.containers.create;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.containers.model.HostConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerDefaultsTest {
    @TempDir
    Path dir;

    private ContainerDefaults defaults(String seccomp) throws Exception {
        return ContainerDefaults.of(new String[] {"nofile=1024:2048", "nproc=100:200"}, 128L << 20, "host", true,
                seccomp, new String[] {"corp.example"}, new String[] {"ndots:2"});
    }

    @Test
    void aRequestThatSetsNothingGetsEveryDefault() throws Exception {
        Path profile = Files.writeString(dir.resolve("p.json"), "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}");
        HostConfig hc = new HostConfig();
        defaults(profile.toString()).applyTo(hc);
        assertEquals(List.of("nofile 1024 2048", "nproc 100 200"), limits(hc));
        assertEquals(128L << 20, hc.shmSize);
        assertEquals("host", hc.cgroupnsMode);
        assertEquals(List.of("no-new-privileges=true", "seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}"),
                hc.securityOpt);
        assertEquals(List.of("corp.example"), hc.dnsSearch);
        assertEquals(List.of("ndots:2"), hc.dnsOptions);
        SecurityOptions parsed = SecurityOptions.parse(hc.securityOpt);
        assertTrue(parsed.noNewPrivileges());
    }

    @Test
    void theRequestsOwnValuesWin() throws Exception {
        HostConfig hc = new HostConfig();
        HostConfig.Ulimit nofile = new HostConfig.Ulimit();
        nofile.name = "nofile";
        nofile.soft = 10;
        nofile.hard = 20;
        hc.ulimits = new ArrayList<>(List.of(nofile));
        hc.shmSize = 1 << 20;
        hc.cgroupnsMode = "private";
        hc.securityOpt = new ArrayList<>(List.of("no-new-privileges:false", "seccomp=unconfined"));
        hc.dnsSearch = List.of("mine.example");
        hc.dnsOptions = List.of("debug");
        defaults("unconfined").applyTo(hc);
        assertEquals(List.of("nofile 10 20", "nproc 100 200"), limits(hc));
        assertEquals(1 << 20, hc.shmSize);
        assertEquals("private", hc.cgroupnsMode);
        assertEquals(List.of("no-new-privileges:false", "seccomp=unconfined"), hc.securityOpt);
        assertEquals(List.of("mine.example"), hc.dnsSearch);
        assertEquals(List.of("debug"), hc.dnsOptions);
    }

    @Test
    void privilegedContainersKeepNoSeccompAndSharedNetworksNoDnsSettings() throws Exception {
        HostConfig hc = new HostConfig();
        hc.privileged = true;
        hc.networkMode = "container:abc";
        defaults("unconfined").applyTo(hc);
        assertEquals(List.of("no-new-privileges=true"), hc.securityOpt);
        assertNull(hc.dnsSearch);
        assertNull(hc.dnsOptions);
    }

    @Test
    void noDefaultsChangeNothing() {
        HostConfig hc = new HostConfig();
        ContainerDefaults.NONE.applyTo(hc);
        assertNull(hc.ulimits);
        assertEquals(0, hc.shmSize);
        assertEquals("", hc.cgroupnsMode);
        assertNull(hc.securityOpt);
    }

    private static List<String> limits(HostConfig hc) {
        return hc.ulimits.stream().map(u -> u.name + " " + u.soft + " " + u.hard).toList();
    }
}
