package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** -H fd:// as dockerd reads it: which passed descriptor a listener names, and what is refused. */
class InheritedSocketTest {
    @Test
    void fdAddressesParse() {
        assertEquals(Listener.ALL_FDS, Listener.parse("fd://", false).port());
        assertEquals(4, Listener.parse("fd://4", false).port());
        assertEquals("fd", Listener.parse("fd://3", false).scheme());
        assertThrows(EngineException.class, () -> Listener.parse("fd://three", false));
    }

    @Test
    void allMeansTheOnlyPassedSocket() {
        assertEquals(3, InheritedSocket.choose(Listener.parse("fd://", false), List.of(3)));
        EngineException many = assertThrows(EngineException.class,
                () -> InheritedSocket.choose(Listener.parse("fd://", false), List.of(3, 4)));
        assertTrue(many.getMessage().contains("fd://N"), many.getMessage());
    }

    @Test
    void aNamedDescriptorMustHaveBeenPassed() {
        assertEquals(4, InheritedSocket.choose(Listener.parse("fd://4", false), List.of(3, 4)));
        assertThrows(EngineException.class, () -> InheritedSocket.choose(Listener.parse("fd://5", false),
                List.of(3, 4)));
        EngineException none = assertThrows(EngineException.class,
                () -> InheritedSocket.choose(Listener.parse("fd://", false), List.of()));
        assertTrue(none.getMessage().contains("LISTEN_FDS"), none.getMessage());
    }

    @Test
    void oneSocketActivatedListenerPerDaemon() {
        assertThrows(EngineException.class,
                () -> new ApiServer(List.of("fd://3", "fd://4"), null, "test", List.of()));
    }
}
