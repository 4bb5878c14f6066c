package io.wharf.builder.exec;

import io.wharf.api.testkit.ImageBuilderContract;
import io.wharf.imagestore.ImageStore;
import io.wharf.linux.LinuxFs;
import io.wharf.storage.vfs.VfsStorageDriverProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The builder contract for the classic builder over a real image store (vfs layers). The contract's builds run no
 * container, so there is no container service: the e2e tests cover RUN and COPY.
 */
class ClassicBuilderContractTest extends ImageBuilderContract {
    @Override
    protected Target open(Path home) throws IOException {
        LinuxFs fs = LinuxFs.get();
        ImageStore images = new ImageStore(home.resolve("image"),
                new VfsStorageDriverProvider(fs).open(home.resolve("vfs"), List.of()));
        return new Target(new ClassicBuilder(images, null, null, () -> null, fs, home.resolve("builder"), "28.2",
                Clock.systemUTC()), images);
    }
}
