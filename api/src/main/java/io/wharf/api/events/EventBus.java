package io.wharf.api.events;

import java.util.List;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/** Publishes engine events to live subscribers and keeps a bounded history for {@code since}. */
@ProviderType
public interface EventBus {
    void publish(Event event);

    /** Events kept in memory from {@code sinceNano} on, oldest first. */
    List<Event> history(long sinceNano);

    /** Delivers every event published from now on until the returned handle is closed. */
    AutoCloseable subscribe(Consumer<Event> subscriber);
}
