package io.wharf.log.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FifosTest {
    @TempDir
    Path dir;

    @Test
    void aFifoSwappedForALinkOpensNoFileItPointsAt() throws IOException {
        Fifos fifos = new Fifos(dir.resolve("fifos"), 2_000);
        Path fifo = fifos.create();
        Path hostFile = Files.writeString(dir.resolve("host-file"), "precious");
        Files.delete(fifo);
        Files.createSymbolicLink(fifo, hostFile);
        Fifos.Writer writer = fifos.startOpening(fifo);
        assertThrows(IOException.class, writer::await);
        assertEquals("precious", Files.readString(hostFile));
    }

    @Test
    void aMissingFifoIsNotCreated() {
        Fifos fifos = new Fifos(dir.resolve("fifos"), 2_000);
        Path missing = dir.resolve("gone");
        assertThrows(IOException.class, fifos.startOpening(missing)::await);
        assertEquals(false, Files.exists(missing));
    }
}
