/** Network driver and IPAM SPIs. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.wharf.api.network;
