package io.wharf.builder.exec;

import io.wharf.api.progress.ProgressListener;
import io.wharf.api.progress.ProgressMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * The output of stages that build at once, written to the client as if they had run one after another: the
 * earliest unfinished stage streams live, later ones are held back and flushed when every stage before them is
 * done. Once a stage failed, the held-back output of the stages after it is dropped (they were stopped, and a
 * sequential build would never have started them).
 */
final class OrderedOutput {
    private final ProgressListener out;
    private final List<List<ProgressMessage>> held = new ArrayList<>();
    private final boolean[] done;
    private int live;
    private boolean failed;

    OrderedOutput(ProgressListener out, int channels) {
        this.out = out;
        this.done = new boolean[channels];
        for (int i = 0; i < channels; i++) {
            held.add(new ArrayList<>());
        }
    }

    /** Where channel {@code index} writes. */
    ProgressListener channel(int index) {
        return message -> write(index, message);
    }

    private synchronized void write(int index, ProgressMessage message) {
        if (failed && index > live) {
            return;
        }
        if (index == live) {
            out.onProgress(message);
        } else {
            held.get(index).add(message);
        }
    }

    /** Channel {@code index} ends; {@code failedHere} drops what the channels after it still hold. */
    synchronized void close(int index, boolean failedHere) {
        if (failedHere && !failed) {
            failed = true;
            for (int i = index + 1; i < held.size(); i++) {
                held.get(i).clear();
            }
        }
        done[index] = true;
        while (live < done.length && done[live]) {
            live++;
            if (live < done.length) {
                if (!failed) {
                    held.get(live).forEach(out::onProgress);
                }
                held.get(live).clear();
            }
        }
    }
}
