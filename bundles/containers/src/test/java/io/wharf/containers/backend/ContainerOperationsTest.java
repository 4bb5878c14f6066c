package io.wharf.containers.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.policy.ImagePolicy;
import io.wharf.api.policy.ImageToRun;
import io.wharf.api.policy.PolicyDecision;
import io.wharf.support.ImagePolicies;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import io.wharf.containers.WithHarness;
import io.wharf.containers.rest.ContainersBackend.LogRequest;
import io.wharf.containers.rest.ContainersBackend.Waiting;
import io.wharf.containers.store.WaitCondition;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContainerOperationsTest extends WithHarness {
    ContainerOperations ops;
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void setUp() {
        ops = new ContainerOperations(h.engine, h.creator, h.images.service(), h.images.layers(), scheduler);
    }

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    private String create(String name) {
        return h.create(name, "{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\"}}");
    }

    private static int status(Runnable call) {
        return assertThrows(EngineException.class, call::run).kind().httpStatus();
    }

    @Test
    void callsFindTheContainerByNameOr404() {
        String id = create("named");
        assertEquals(id, ops.inspect("named", false).id());
        assertEquals(404, status(() -> ops.start("missing")));
        assertEquals(404, status(() -> ops.stats("missing", false, true)));
    }

    @Test
    void topNeedsARunningContainer() {
        String id = create("top");
        assertEquals(409, status(() -> ops.top(id, null)));
    }

    @Test
    void logsNeedAStream() {
        String id = create("logs");
        assertEquals(400, status(() -> ops.logs(id, new LogRequest(false, false, false, false, null, null, null))));
        assertEquals(400, status(() -> ops.logs(id, new LogRequest(true, false, false, false, "never", null, null))));
    }

    @Test
    void aWaitAnswersTheExitCodeOrNullWhenInterrupted() throws Exception {
        String id = create("waits");
        Waiting removal = ops.waitFor(id, WaitCondition.REMOVED);
        AtomicReference<Object> answer = new AtomicReference<>("none");
        Thread waiter = new Thread(() -> {
            try {
                answer.set(removal.await());
            } catch (Exception e) {
                answer.set(e);
            }
        });
        waiter.start();
        waiter.interrupt();
        waiter.join(5000);
        assertNull(answer.get());
        ops.remove(id, false, false);
        Waiting notRunning = ops.waitFor(create("again"), WaitCondition.NOT_RUNNING);
        assertEquals(new io.wharf.containers.rest.WaitBody(0, null), notRunning.await());
    }

    @Test
    void pruneRemovesAndReports() {
        String id = create("stopped");
        var report = ops.prune(io.wharf.support.Filters.parse(null));
        assertEquals(List.of(id), report.containersDeleted());
        assertTrue(h.index.find(id) == null);
    }

    @Test
    void anImagePolicyRefusesAClientsCreateButNotTheContainerServicesOwn() {
        ImagePolicies policies = new ImagePolicies();
        ContainerOperations policed = new ContainerOperations(h.engine, h.creator, h.images.service(),
                h.images.layers(), scheduler, policies);
        List<ImageToRun> asked = new ArrayList<>();
        policies.add(new ImagePolicy() {
            @Override
            public String name() {
                return "no-busybox";
            }

            @Override
            public PolicyDecision checkRun(ImageToRun image) {
                asked.add(image);
                return PolicyDecision.deny("busybox is not approved");
            }
        });
        byte[] body = "{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\"}}"
                .getBytes(StandardCharsets.UTF_8);

        EngineException denied = assertThrows(EngineException.class, () -> policed.create("refused", null, null, body));

        assertEquals(403, denied.kind().httpStatus());
        assertEquals("image policy no-busybox denied the request to run busybox: busybox is not approved",
                denied.getMessage());
        assertEquals(List.of("busybox:latest"), asked.get(0).repoTags());
        assertEquals(h.images.service().inspect("busybox").id(), asked.get(0).id());
        assertFalse(h.index.isNameTaken("/refused"), "a refused create left its name behind");
        assertEquals(404, status(() -> ops.inspect("refused", false)));
        create("internal"); // the builder's step containers come through the container service, unasked
        assertEquals(1, asked.size());
    }
}
