/** Execution driver SPI: runs OCI runtime bundles and supervises container processes. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.wharf.api.runtime;
