package io.wharf.pluginmanager;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** The tars docker plugin create sends, and plugin configs, for tests. */
final class PluginContexts {
    private PluginContexts() {
    }

    static String config(String driver) {
        return """
                {"description": "test driver %1$s",
                 "interface": {"types": ["wharf.volumedriver/1.0"], "socket": ""},
                 "env": [{"name": "root", "settable": ["value"], "value": "/srv/%1$s"},
                         {"name": "fixed", "value": "1"}],
                 "wharf": {"drivers": ["%1$s"], "configurationPid": "com.example.%1$s"}}
                """.formatted(driver);
    }

    static byte[] tar(String config, byte[] jar, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream sink = gzip ? new GZIPOutputStream(bytes) : bytes;
             TarArchiveOutputStream tar = new TarArchiveOutputStream(sink)) {
            TarArchiveEntry dir = new TarArchiveEntry("rootfs/");
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            if (config != null) {
                add(tar, "config.json", config.getBytes(StandardCharsets.UTF_8));
            }
            if (jar != null) {
                add(tar, "rootfs/driver.jar", jar);
            }
        }
        return bytes.toByteArray();
    }

    /** A plain tar of the given files: name, content, name, content... */
    static byte[] files(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                add(tar, namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
