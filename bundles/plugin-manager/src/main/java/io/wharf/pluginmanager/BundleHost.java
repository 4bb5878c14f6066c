package io.wharf.pluginmanager;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** The framework side of plugins, by bundle location: what the manager does to bundles, and nothing else. */
public interface BundleHost {
    /** Installs the jar at {@code location}, or finds the bundle the framework kept there from a previous run. */
    void install(String location, Path jar) throws IOException;

    /** Replaces the bundle's content in place ({@code Bundle.update}); a started bundle is started again. */
    void update(String location, Path jar) throws IOException;

    void start(String location) throws IOException;

    void stop(String location) throws IOException;

    void uninstall(String location) throws IOException;

    /** Locations starting with {@code prefix} that are installed (leftovers of plugins no longer listed). */
    Set<String> installed(String prefix);

    /**
     * The bundle (symbolic name) that provides the driver {@code name} of {@code capability} now, unless it is the
     * bundle at {@code exceptLocation}; empty when none does.
     */
    Optional<String> driverProvider(String capability, String name, String exceptLocation);

    /**
     * Waits until the bundle at {@code location} registers the driver {@code name} of {@code capability} (DS
     * activates it once its configuration has arrived, which ConfigAdmin delivers asynchronously). True at once
     * for capabilities without a driver SPI.
     */
    boolean awaitDriver(String capability, String name, String location, long timeoutMillis)
            throws InterruptedException;
}
