package io.wharf.api.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Marks a DS component as a JAX-RS resource (or provider) for the REST bundle, as the OSGi JAX-RS whiteboard's
 * {@code @JaxrsResource} does: DS gives the component the service property {@value RestResources#RESOURCE_PROPERTY}
 * {@code =true}. Register the component as {@code service = Object.class}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface JaxrsResource {
    /** With the type's name, jaxrs.resource, this makes {@value RestResources#RESOURCE_PROPERTY}. */
    String PREFIX_ = "wharf.";
}
