package io.wharf.imagestore;

import java.io.IOException;
import java.nio.file.Path;

/** Shared helpers for tests in other packages. */
public final class TestSupport {
    private TestSupport() {
    }

    public static ImageStore store(Path dir) throws IOException {
        return new ImageStore(dir.resolve("image"), new DirDriver(dir.resolve("testfs")));
    }

    public static byte[] tar(String... nameContent) throws IOException {
        return Tars.tar(nameContent);
    }
}
