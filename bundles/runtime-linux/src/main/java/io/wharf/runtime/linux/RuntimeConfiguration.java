package io.wharf.runtime.linux;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The OCI runtimes containers can ask for. Changes need a restart. */
@ObjectClassDefinition(name = "Wharf OCI runtimes")
public @interface RuntimeConfiguration {
    String PID = "io.wharf.runtime";

    @AttributeDefinition(description = "daemon.json exec-root")
    String execRoot() default "/run/wharf";

    String defaultRuntime() default "runc";

    @AttributeDefinition(description = "daemon.json runtimes, each as name=path")
    String[] runtimes() default {};

    @AttributeDefinition(description = "each runtime's runtimeArgs, in order, as name=argument")
    String[] runtimeArgs() default {};

    @AttributeDefinition(description = "daemon.json cgroup-parent: the cgroup containers are created under")
    String cgroupParent() default LinuxExecutionDriver.DEFAULT_CGROUP_PARENT;
}
