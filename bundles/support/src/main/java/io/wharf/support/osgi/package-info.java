/**
 * What DS components share when they register services by hand once their state is loaded: unregistering together.
 *
 * <p>Not a bundle: each bundle that uses this package embeds a private copy (bnd's {@code -conditionalpackage}),
 * so a change here refreshes no other bundle. No class here may be shared across bundles by identity.
 */
package io.wharf.support.osgi;
