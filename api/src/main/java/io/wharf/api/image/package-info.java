/** Image store service: content-addressed images, references, layers and container RW layers. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package io.wharf.api.image;
