/** Registry transport SPI and the distribution service (pull, push, login, search). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.wharf.api.registry;
