package io.wharf.api.events;

import java.util.Map;

/**
 * An engine event as {@code docker events} shows it: type (container, image, volume, network, daemon, plugin),
 * action (create, start, die, pull, tag, delete, ...), the actor's ID and attributes, and its time.
 */
public record Event(String type, String action, String actorId, Map<String, String> attributes, long timeNano) {
    public Event {
        attributes = Map.copyOf(attributes);
    }

    public static Event now(String type, String action, String actorId, Map<String, String> attributes) {
        java.time.Instant t = java.time.Instant.now();
        return new Event(type, action, actorId, attributes, t.getEpochSecond() * 1_000_000_000L + t.getNano());
    }
}
