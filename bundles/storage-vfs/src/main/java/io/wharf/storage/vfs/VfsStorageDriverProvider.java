package io.wharf.storage.vfs;

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

/** Registers the vfs driver; all state lives in the {@link VfsDriver} that {@link #open} returns. */
@Component(service = StorageDriverProvider.class, property = StorageDriverProvider.NAME_PROPERTY + "=vfs")
public class VfsStorageDriverProvider implements StorageDriverProvider {
    private final LinuxFs fs;

    @Activate
    public VfsStorageDriverProvider(@Reference LinuxFs fs) {
        this.fs = fs;
    }

    @Override
    public String name() {
        return "vfs";
    }

    /** Full copies work on any filesystem. */
    @Override
    public Support probe(Path home) {
        return Support.yes();
    }

    @Override
    public StorageDriver open(Path home, List<String> options) throws IOException {
        if (!options.isEmpty()) {
            throw new IOException("the vfs storage driver takes no options, got " + options);
        }
        // version 1 is the unversioned layout with the version file added: nothing to rewrite
        FormatVersion.open(FormatVersion.Area.VFS, home, FormatVersion.Migration.NONE);
        return new VfsDriver(home, fs);
    }
}
