package io.wharf.storage.overlay;

import io.wharf.api.storage.StorageDriver;
import io.wharf.api.storage.StorageDriverProvider;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** Registers the overlay2 driver; all state lives in the {@link OverlayDriver} that {@link #open} returns. */
@Component(service = StorageDriverProvider.class, property = StorageDriverProvider.NAME_PROPERTY + "=overlay2")
public class OverlayStorageDriverProvider implements StorageDriverProvider {
    @Override
    public String name() {
        return "overlay2";
    }

    @Override
    public Support probe(Path home) {
        try {
            return new OverlaySupport(LinuxFs.get()).probe(home);
        } catch (LinkageError e) { // JNA has no native part for this platform
            return Support.no("overlay2 needs native access to mount(2), which is unavailable: " + e);
        }
    }

    @Override
    public StorageDriver open(Path home, List<String> options) throws IOException {
        if (!options.isEmpty()) {
            throw new IOException("the overlay2 storage driver takes no options, got " + options);
        }
        return new OverlayDriver(Files.createDirectories(home), LinuxFs.get());
    }
}
