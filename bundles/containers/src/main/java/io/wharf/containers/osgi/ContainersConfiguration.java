package io.wharf.containers.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** What the container engine reads of the runtime configuration. Changes need a restart. */
@ObjectClassDefinition(name = "Wharf containers")
public @interface ContainersConfiguration {
    String PID = "io.wharf.runtime";

    @AttributeDefinition(description = "daemon.json data-root")
    String dataRoot() default "/var/lib/wharf";

    @AttributeDefinition(description = "the OCI runtime of a container that names none")
    String defaultRuntime() default "runc";

    @AttributeDefinition(description = "daemon.json log-driver: the log driver of containers that name none")
    String logDriver() default "json-file";

    @AttributeDefinition(description = "daemon.json log-opts, as key=value")
    String[] logOpts() default {};
    @AttributeDefinition(description = "daemon.json default-ulimits, each as name=soft:hard")
    String[] defaultUlimits() default {};

    @AttributeDefinition(description = "daemon.json default-shm-size in bytes; 0: 64 MiB")
    long defaultShmSize() default 0;

    @AttributeDefinition(description = "daemon.json default-cgroupns-mode (private, host); empty: private")
    String defaultCgroupnsMode() default "";

    @AttributeDefinition(description = "daemon.json no-new-privileges")
    boolean noNewPrivileges() default false;

    @AttributeDefinition(description = "daemon.json seccomp-profile: a file, unconfined or builtin")
    String seccompProfile() default "";

    @AttributeDefinition(description = "daemon.json dns-search")
    String[] dnsSearch() default {};

    @AttributeDefinition(description = "daemon.json dns-opts")
    String[] dnsOptions() default {};
}
