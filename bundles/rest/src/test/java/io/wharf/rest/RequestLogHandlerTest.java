package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.Test;

/** Which failed requests are a client that went away (logged at debug) and which are the server's (at info). */
class RequestLogHandlerTest {

    @Test
    void connectionFailuresAreTheClientsGoing() {
        assertTrue(RequestLogHandler.clientWentAway(new EofException("reset")));
        assertTrue(RequestLogHandler.clientWentAway(new IOException("the client went away")));
        assertTrue(RequestLogHandler.clientWentAway(new UncheckedIOException(new IOException("Broken pipe"))));
    }

    @Test
    void otherFailuresAreTheServers() {
        assertFalse(RequestLogHandler.clientWentAway(new IllegalStateException("a bug")));
        assertFalse(RequestLogHandler.clientWentAway(new RuntimeException(new NullPointerException())));
    }
}
