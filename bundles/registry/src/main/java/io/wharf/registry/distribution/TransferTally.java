package io.wharf.registry.distribution;

import io.wharf.api.progress.ProgressListener;
import io.wharf.api.progress.ProgressMessage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes a pull's or push's progress on and counts the layer bytes it moved: the furthest "Downloading" or
 * "Pushing" position of each layer (a blob the registry or the store already had moves nothing and counts 0).
 */
public final class TransferTally implements ProgressListener {
    private final ProgressListener next;
    private final Map<String, Long> furthest = new ConcurrentHashMap<>();

    public TransferTally(ProgressListener next) {
        this.next = next == null ? ProgressListener.NONE : next;
    }

    @Override
    public void onProgress(ProgressMessage message) {
        if (message.progressDetail() != null && message.id() != null
                && ("Downloading".equals(message.status()) || "Pushing".equals(message.status()))) {
            furthest.merge(message.id(), message.progressDetail().current(), Math::max);
        }
        next.onProgress(message);
    }

    public long bytes() {
        return furthest.values().stream().mapToLong(Long::longValue).sum();
    }
}
