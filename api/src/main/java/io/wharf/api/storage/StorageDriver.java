package io.wharf.api.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Layered filesystems, as Docker's graphdriver: read-only layers made from tar diffs, read-write layers for
 * containers, mounted on demand. Layer IDs are chosen by the caller (the image store uses chain IDs' hex
 * for read-only layers and container IDs for read-write ones). Every method is safe to call concurrently for
 * different layer IDs. Tars use OCI whiteouts ({@code .wh.NAME}, {@code .wh..wh..opq}).
 *
 * <p>Layers live in the driver's home, not in the object: a driver opened again on the same home (a daemon restart)
 * has every layer, read-write ones with their changes. A layer that does not exist is an {@link IOException} from
 * {@link #mount}, {@link #diff}, {@link #changes} and {@link #size}. The test kit's {@code StorageDriverContract}
 * checks this contract.
 */
@ConsumerType
public interface StorageDriver extends AutoCloseable {
    String name();

    /** Key/value facts for {@code docker info}'s DriverStatus, in display order. */
    List<Map.Entry<String, String>> status();

    boolean exists(String id);

    /**
     * Creates read-only layer {@code id} on top of {@code parentId} (null for a base layer) from an uncompressed
     * tar. Atomic: when the tar is hostile, truncated or corrupt, it throws (an
     * {@link io.wharf.api.errors.InvalidInputException}) and leaves no layer behind. No entry may write outside the
     * layer. Returns the size of the layer's content in bytes.
     */
    long applyDiff(String id, String parentId, InputStream tar) throws IOException;

    /** Creates an empty read-write layer on top of {@code parentId} (null for scratch). */
    void createReadWrite(String id, String parentId) throws IOException;

    /** Mounts the layer (with its parents) and returns the merged root; calls are counted, see {@link #unmount}. */
    Path mount(String id, String mountLabel) throws IOException;

    /** Releases one {@link #mount}; the last release unmounts. */
    void unmount(String id) throws IOException;

    /** The changes of {@code id} against its parent as an uncompressed tar with OCI whiteouts. */
    InputStream diff(String id) throws IOException;

    /** What {@link #diff} would contain, as docker diff lists it. */
    List<Change> changes(String id) throws IOException;

    /** Bytes used by the layer's own content (not its parents'). */
    long size(String id) throws IOException;

    /** Removes the layer; it must not be mounted. Removing a missing layer is not an error. */
    void remove(String id) throws IOException;

    @Override
    void close() throws IOException;
}
