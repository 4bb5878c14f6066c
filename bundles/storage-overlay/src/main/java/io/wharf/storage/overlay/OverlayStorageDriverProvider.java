package io.wharf.storage.overlay;

import io.wharf.api.storage.StorageDriver;
import io.wharf.api.storage.StorageDriverProvider;
import io.wharf.linux.LinuxFs;
import io.wharf.support.FormatVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers the overlay2 driver; all state lives in the {@link OverlayDriver} that {@link #open} returns. It
 * needs the system calls of the linux bundle, which offers them only where JNA binds the C library (and logs why
 * not otherwise), so it is registered together with vfs and never chosen while it cannot mount.
 */
@Component(service = StorageDriverProvider.class, property = StorageDriverProvider.NAME_PROPERTY + "=overlay2")
public class OverlayStorageDriverProvider implements StorageDriverProvider {
    private final LinuxFs fs;

    @Activate
    public OverlayStorageDriverProvider(@Reference LinuxFs fs) {
        this.fs = fs;
    }

    @Override
    public String name() {
        return "overlay2";
    }

    @Override
    public Support probe(Path home) {
        return new OverlaySupport(fs).probe(home);
    }

    @Override
    public StorageDriver open(Path home, List<String> options) throws IOException {
        if (!options.isEmpty()) {
            throw new IOException("the overlay2 storage driver takes no options, got " + options);
        }
        // version 1 is the unversioned layout with the version file added: nothing to rewrite
        FormatVersion.open(FormatVersion.Area.OVERLAY2, home, FormatVersion.Migration.NONE);
        return new OverlayDriver(home, fs);
    }
}
