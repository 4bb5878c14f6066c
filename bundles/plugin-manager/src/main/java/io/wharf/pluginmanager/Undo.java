package io.wharf.pluginmanager;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A step that undoes part of a plugin change that failed. */
@FunctionalInterface
interface Undo {
    Logger LOG = LoggerFactory.getLogger(Undo.class);

    void run() throws IOException;

    /** Runs {@code undo}; its own failure is logged, the change's failure is the one reported. */
    static void quietly(Undo undo) {
        try {
            undo.run();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot undo a failed plugin change: {}", e.toString());
        }
    }
}
