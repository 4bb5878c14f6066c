package io.wharf.engine.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The answer to {@code GET /version} (moby's types.Version): the same facts at the top level, for old clients,
 * and as the Engine component's details. ApiVersion is the newest one served whatever the request's version,
 * as dockerd answers.
 */
@JsonPropertyOrder({"Platform", "Components", "Version", "ApiVersion", "MinAPIVersion", "GoVersion", "Os", "Arch",
        "KernelVersion", "BuildTime"})
public record VersionBody(@JsonProperty("Platform") Platform platform,
                          @JsonProperty("Components") List<Component> components,
                          @JsonProperty("Version") String version,
                          @JsonProperty("ApiVersion") String apiVersion,
                          @JsonProperty("MinAPIVersion") String minApiVersion,
                          @JsonProperty("GoVersion") String goVersion,
                          @JsonProperty("Os") String os,
                          @JsonProperty("Arch") String arch,
                          @JsonProperty("KernelVersion") String kernelVersion,
                          @JsonProperty("BuildTime") String buildTime) {

    /**
     * The Docker Engine release whose API (1.50) Wharf serves, reported where dockerd reports its own version:
     * clients gate features on it (Testcontainers refuses an engine "older than 1.6.0", which Wharf's own 0.x
     * version would be). Wharf's own version is a component of its own.
     */
    public static final String DOCKER_ENGINE_VERSION = "28.2.0";

    /** The engine's facts; Experimental is a string in the component details, as dockerd writes it. */
    public static VersionBody of(String wharfVersion, String apiVersion, String minApiVersion, String goVersion,
                                 String arch, String kernelVersion, String buildTime) {
        Details details = new Details(apiVersion, minApiVersion, "linux", arch, kernelVersion, "false", goVersion,
                buildTime);
        return new VersionBody(new Platform("Wharf Engine"), List.of(
                new Component("Engine", DOCKER_ENGINE_VERSION, details), new Component("Wharf", wharfVersion, null)),
                DOCKER_ENGINE_VERSION, apiVersion, minApiVersion, goVersion, "linux", arch, kernelVersion, buildTime);
    }

    public record Platform(@JsonProperty("Name") String name) {
    }

    @JsonPropertyOrder({"Name", "Version", "Details"})
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Component(@JsonProperty("Name") String name,
                            @JsonProperty("Version") String version,
                            @JsonProperty("Details") Details details) {
    }

    @JsonPropertyOrder({"ApiVersion", "MinAPIVersion", "Os", "Arch", "KernelVersion", "Experimental", "GoVersion",
            "BuildTime"})
    public record Details(@JsonProperty("ApiVersion") String apiVersion,
                          @JsonProperty("MinAPIVersion") String minApiVersion,
                          @JsonProperty("Os") String os,
                          @JsonProperty("Arch") String arch,
                          @JsonProperty("KernelVersion") String kernelVersion,
                          @JsonProperty("Experimental") String experimental,
                          @JsonProperty("GoVersion") String goVersion,
                          @JsonProperty("BuildTime") String buildTime) {
    }
}
