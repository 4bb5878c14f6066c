package io.wharf.authz.plugins;

/**
 * Whether the managed plugins are back after a start: the plugin manager registers its service only once it has
 * adopted or restarted every enabled plugin, so until then a managed authorization plugin may be missing only
 * because it is not registered yet. dockerd serves no request before its plugins are restored; a request here
 * waits for them instead (bounded).
 */
final class RestoredPlugins {
    private boolean restored;

    /** The plugin manager's service came (true) or went (false). */
    synchronized void restored(boolean now) {
        restored = now;
        notifyAll();
    }

    /** Waits at most {@code millis} for the managed plugins to be restored; whether they are. */
    synchronized boolean await(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!restored) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** For a chain without a plugin manager to wait for (tests, or only legacy plugins). */
    static RestoredPlugins already() {
        RestoredPlugins done = new RestoredPlugins();
        done.restored(true);
        return done;
    }
}
