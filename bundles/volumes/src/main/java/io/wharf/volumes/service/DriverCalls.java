package io.wharf.volumes.service;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.volume.VolumeDriver;
import io.wharf.api.volume.VolumeInfo;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;

/**
 * Calls into a driver with dockerd's error shape: the driver's message prefixed with the operation and volume
 * ({@code create NAME: ...}), its error kind kept, and I/O failures as SYSTEM errors. "Not found" from a driver
 * is an answer, not a failure.
 */
final class DriverCalls {
    private DriverCalls() {
    }

    /** The driver's view of the volume, or null when it has none. */
    static VolumeInfo get(VolumeDriver driver, String name) {
        try {
            return driver.get(name);
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return null;
            }
            throw new EngineException(e.kind(), "get " + name + ": " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw EngineException.system("get " + name + ": " + e.getMessage(), e);
        }
    }

    static VolumeInfo create(VolumeDriver driver, String name, Map<String, String> options) {
        try {
            return driver.create(name, options == null ? Map.of() : options);
        } catch (EngineException e) {
            throw new EngineException(e.kind(), "create " + name + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw EngineException.system("create " + name + ": " + e.getMessage(), e);
        }
    }

    static void remove(VolumeDriver driver, String name) {
        try {
            driver.remove(name);
        } catch (EngineException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                throw new EngineException(e.kind(), "remove " + name + ": " + e.getMessage(), e);
            }
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw EngineException.system("remove " + name + ": " + e.getMessage(), e);
        }
    }
}
