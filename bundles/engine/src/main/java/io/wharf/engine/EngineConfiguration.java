package io.wharf.engine;

/**
 * What the engine reads of the daemon's configurations ({@code io.wharf.daemon}, {@code io.wharf.engine},
 * {@code io.wharf.registry}, {@code io.wharf.runtime}; DS merges those a component lists): docker info's
 * settings, most of which a SIGHUP changes, and the count of SIGHUP reloads.
 */
@interface EngineConfiguration {
    String DAEMON_PID = "io.wharf.daemon";
    String ENGINE_PID = "io.wharf.engine";
    String REGISTRY_PID = "io.wharf.registry";
    String RUNTIME_PID = "io.wharf.runtime";

    String dataRoot() default "/var/lib/wharf";

    String[] labels() default {};

    boolean debug() default false;

    boolean liveRestore() default false;

    /** How many SIGHUP reloads wharfd applied; each one is a {@code daemon reload} event. */
    int reloads() default 0;

    String[] registryMirrors() default {};

    String[] insecureRegistries() default {};

    String defaultRuntime() default "runc";

    /** daemon.json log-driver (in the runtime PID): /info's LoggingDriver. */
    String logDriver() default "json-file";

    /** {@code name=path} per configured runtime, and {@code name=argument} per runtime argument. */
    String[] runtimes() default {};

    String[] runtimeArgs() default {};
}
