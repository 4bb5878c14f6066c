package io.wharf.api.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A storage driver, registered as an OSGi service with the property {@value #NAME_PROPERTY} set to its name
 * ({@code overlay2}, {@code vfs}, ...). The engine picks one by name ({@code storage-driver}) and opens it on
 * its home folder under the data root. A provider keeps no state of its own: everything lives in the opened driver.
 */
@ConsumerType
public interface StorageDriverProvider {
    /** Service property with the driver's name. */
    String NAME_PROPERTY = "wharf.storage.driver";

    String name();

    /** Whether this driver can work on the filesystem that holds {@code home}; the reason when it cannot. */
    Support probe(Path home);

    /** Opens the driver on its home folder (created if missing). */
    StorageDriver open(Path home, List<String> options) throws IOException;

    record Support(boolean supported, String reason) {
        public static Support yes() {
            return new Support(true, "");
        }

        public static Support no(String reason) {
            return new Support(false, reason);
        }
    }
}
