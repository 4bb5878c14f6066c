package io.wharf.containers.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the time of a start or an exit went, phase by phase, logged at debug level under this class's name
 * ({@code -Dorg.slf4j.simpleLogger.log.io.wharf.containers.lifecycle.PhaseTimes=debug} in WHARF_JAVA_OPTS): the
 * breakdown behind the {@code docker run} figures. Costs nothing but one check while debug is off.
 */
final class PhaseTimes {
    private static final Logger LOG = LoggerFactory.getLogger(PhaseTimes.class);

    private final StringBuilder phases;
    private final long begin;
    private long last;

    private PhaseTimes(boolean on) {
        this.phases = on ? new StringBuilder() : null;
        this.begin = on ? System.nanoTime() : 0;
        this.last = begin;
    }

    static PhaseTimes begin() {
        return new PhaseTimes(LOG.isDebugEnabled());
    }

    /** Ends the phase called {@code name}. */
    void mark(String name) {
        if (phases != null) {
            long now = System.nanoTime();
            phases.append(name).append(' ').append(millis(now - last)).append(", ");
            last = now;
        }
    }

    /** Logs the phases of {@code what} (e.g. "start 3f2a..."). */
    void log(String what) {
        if (phases != null) {
            LOG.debug("{}: {}total {} ms", what, phases, millis(System.nanoTime() - begin));
        }
    }

    private static String millis(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }
}
