/** Volume driver SPI, shaped like Docker's volume plugin protocol. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.wharf.api.volume;
