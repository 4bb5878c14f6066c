package io.wharf.api.plugin;

import java.io.IOException;

/**
 * A plugin answered a call with a status other than 200; the message is dockerd's: {@code METHOD: ERR}, ERR
 * being the answer's {@code Err} field, or its body when it has none.
 */
public class PluginCallException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String pluginMessage;

    public PluginCallException(String method, int status, String pluginMessage) {
        super(method + ": " + pluginMessage);
        this.status = status;
        this.pluginMessage = pluginMessage;
    }

    public int status() {
        return status;
    }

    /** The plugin's own words, without the method. */
    public String pluginMessage() {
        return pluginMessage;
    }
}
