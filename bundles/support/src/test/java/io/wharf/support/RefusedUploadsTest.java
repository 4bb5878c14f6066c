package io.wharf.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** What is left of a refused upload is read up to the bound, and a failing client is no error. */
class RefusedUploadsTest {
    @Test
    void readsUpToTheBoundAndNoFurther() {
        ByteArrayInputStream body = new ByteArrayInputStream(new byte[200_000]);
        RefusedUploads.drainQuietly(body, 150_000);
        assertEquals(50_000, body.available());
        RefusedUploads.drainQuietly(body, 150_000);
        assertEquals(0, body.available());
    }

    @Test
    void aClientThatWentAwayEndsTheDrain() {
        RefusedUploads.drainQuietly(new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        }, 1 << 20);
    }
}
