/** Image builder SPI: POST /build's request, the builder, and a failed step's error. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.wharf.api.build;
