package io.wharf.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.wharf.api.errors.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class InvalidArchiveExceptionTest {
    @Test
    void findsItsOwnTypeUnderOtherFailures() {
        InvalidArchiveException invalid = new ArchiveBreakoutException("points outside the layer");
        assertSame(invalid, InvalidArchiveException.findIn(new IOException("apply failed", invalid)));
    }

    @Test
    void findsInvalidInputThrownByAnotherBundlesCopy() {
        // what a storage driver's private copy of this package throws is only an InvalidInputException here
        InvalidInputException foreign = new InvalidInputException("invalid layer: corrupt tar");
        InvalidArchiveException found = InvalidArchiveException.findIn(new UncheckedIOException(foreign));
        assertEquals("invalid layer: corrupt tar", found.getMessage());
        assertSame(foreign, found.getCause());
    }

    @Test
    void otherFailuresAreNotTheClientsFault() {
        assertNull(InvalidArchiveException.findIn(new IOException("disk full")));
    }
}
