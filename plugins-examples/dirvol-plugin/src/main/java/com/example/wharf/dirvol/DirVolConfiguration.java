package com.example.wharf.dirvol;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The plugin's settings: each one an env entry of its config.json, settable with docker plugin set. */
@ObjectClassDefinition(name = "dirvol volume driver")
public @interface DirVolConfiguration {
    String PID = "com.example.wharf.dirvol";

    @AttributeDefinition(description = "folder that holds the volumes")
    String root() default "/var/lib/wharf-dirvol";
}
