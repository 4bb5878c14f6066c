package io.wharf.api.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Gives a DS component that provides a {@link HijackedEndpoint} its path pattern: DS sets the service property
 * {@value HijackedEndpoint#PATH_PATTERN_PROPERTY} to {@link #value()}, e.g.
 * {@code @HijackPath("/containers/[^/]+/attach")}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface HijackPath {
    /** With the type's name, hijack.path, this makes {@value HijackedEndpoint#PATH_PATTERN_PROPERTY}. */
    String PREFIX_ = "wharf.";

    /** A regular expression matched against the unversioned request path. */
    String value();
}
