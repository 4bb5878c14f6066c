package io.wharf.pluginmanager;

import java.util.List;

/** What uses a driver now: the engine's volumes and networks made with it (containers use those). */
public interface DriverUsage {
    /** Descriptions of the users ({@code volume v1}), empty when nothing uses it. */
    List<String> users(String capability, String driverName);
}
