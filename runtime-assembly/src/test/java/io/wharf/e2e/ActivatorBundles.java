package io.wharf.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Test-only bundles made of classes of this test tree, for a running wharfd's plugins folder. */
final class ActivatorBundles {
    private ActivatorBundles() {
    }

    /**
     * Packs {@code activator} and {@code more} classes as bundle {@code symbolicName} importing {@code imports},
     * with {@code headers} added, written in {@code scratch} (outside the watched folder, on its file system) and
     * moved to {@code target} whole: FileInstall must never see a half-written jar.
     */
    static void pack(Path target, Path scratch, String symbolicName, Class<?> activator, String imports,
                     Map<String, String> headers, Class<?>... more) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", activator.getName());
        main.putValue("Import-Package", imports);
        headers.forEach(main::putValue);
        Path tmp = scratch.resolve(target.getFileName() + ".tmp");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(tmp), manifest)) {
            add(jar, activator);
            for (Class<?> c : more) {
                add(jar, c);
            }
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void add(JarOutputStream jar, Class<?> c) throws IOException {
        String entry = c.getName().replace('.', '/') + ".class";
        jar.putNextEntry(new JarEntry(entry));
        try (InputStream classFile = c.getClassLoader().getResourceAsStream(entry)) {
            classFile.transferTo(jar);
        }
    }
}
