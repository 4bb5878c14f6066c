package io.wharf.engine;

import io.wharf.api.config.RuntimeDefinition;
import java.util.List;
import java.util.Map;

/** The configuration docker info reports (a SIGHUP replaces it). */
record InfoSettings(String dataRoot, boolean debug, List<String> labels, boolean liveRestore,
                    List<String> registryMirrors, List<String> insecureRegistries,
                    Map<String, RuntimeDefinition> runtimes, String defaultRuntime, String logDriver) {

    static InfoSettings of(EngineConfiguration config) {
        return new InfoSettings(config.dataRoot(), config.debug(), List.of(config.labels()), config.liveRestore(),
                List.of(config.registryMirrors()), List.of(config.insecureRegistries()),
                RuntimeDefinition.allOf(config.runtimes(), config.runtimeArgs()), config.defaultRuntime(),
                config.logDriver().isEmpty() ? "json-file" : config.logDriver());
    }
}
