/** Registry transport SPI and the distribution service (pull, push, login). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.wharf.api.registry;
