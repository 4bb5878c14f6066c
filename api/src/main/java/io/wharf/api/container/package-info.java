/** The engine's container service, for bundles that work on containers (files, commit, system df). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.wharf.api.container;
