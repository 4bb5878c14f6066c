/** Storage driver SPI: layered filesystems (overlay2, vfs, ...) selected by name. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.wharf.api.storage;
