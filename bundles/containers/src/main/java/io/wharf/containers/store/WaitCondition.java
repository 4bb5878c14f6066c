package io.wharf.containers.store;

import io.wharf.api.errors.EngineException;

/** The {@code condition} of POST /containers/{id}/wait. */
public enum WaitCondition {
    NOT_RUNNING, NEXT_EXIT, REMOVED;

    public static WaitCondition parse(String value) {
        if (value == null || value.isEmpty() || value.equals("not-running")) {
            return NOT_RUNNING;
        }
        return switch (value) {
            case "next-exit" -> NEXT_EXIT;
            case "removed" -> REMOVED;
            default -> throw EngineException.invalid("invalid condition: \"%s\"", value);
        };
    }
}
