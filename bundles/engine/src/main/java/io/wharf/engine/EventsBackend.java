package io.wharf.engine;

import java.io.IOException;
import java.io.OutputStream;

/** What {@code GET /events} needs: a checked, prepared stream, and the writing of it until it ends. */
interface EventsBackend {
    /** Checks the parameters (bad ones answer 400 before any streaming starts) and prepares the stream. */
    EventStream open(String since, String until, String filters);

    /** Writes the stream until it ends, the client goes away or the backend closes. */
    void stream(EventStream stream, OutputStream out) throws IOException;
}
