package io.wharf.containers.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resource only translates HTTP parameters and answers; a recording backend stands in for the engine. */
class ContainersResourceTest {
    private final List<String> calls = new ArrayList<>();
    private RuntimeException failure;
    private final ContainersBackend backend = (ContainersBackend) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {ContainersBackend.class}, (proxy, method, args) -> {
                calls.add(method.getName() + Arrays.toString(args));
                if (failure != null) {
                    throw failure;
                }
                return method.getName().equals("stats") ? (ContainersBackend.BodyWriter) out -> { } : null;
            });
    private final ContainersResource resource = new ContainersResource(backend, null);

    @Test
    void startAndStopAnswer204Or304() {
        assertEquals(204, resource.start("c", null).getStatus());
        failure = new EngineException(ErrorKind.NOT_MODIFIED, "already started");
        assertEquals(304, resource.start("c", null).getStatus());
        assertEquals(304, resource.stop("c", "5", null).getStatus());
        assertEquals(List.of("start[c]", "start[c]", "stop[c, 5, null]"), calls);
    }

    @Test
    void queryValuesAreParsedBeforeTheBackendIsCalled() {
        assertEquals(400, assertThrows(EngineException.class, () -> resource.stop("c", "soon", null)).kind()
                .httpStatus());
        assertEquals(400, assertThrows(EngineException.class, () -> resource.remove("c", null, null, "1")).kind()
                .httpStatus());
        assertEquals(List.of(), calls);
        resource.remove("c", "1", "0", null);
        resource.stats("c", "0", null);
        resource.stats("c", null, "1");
        assertEquals(List.of("remove[c, true, false]", "stats[c, false, false]", "stats[c, true, true]"), calls);
    }

    @Test
    void aTwoPartNameIsALinkToRemoveOnlyWithLinkSet() {
        assertEquals(404, assertThrows(EngineException.class, () -> resource.removeLink("web", "db", null)).kind()
                .httpStatus());
        assertEquals(List.of(), calls);
        assertEquals(204, resource.removeLink("web", "db", "1").getStatus());
        assertEquals(List.of("removeLink[web, db]"), calls);
    }
}
