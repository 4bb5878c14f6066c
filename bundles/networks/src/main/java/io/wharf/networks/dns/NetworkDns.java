package io.wharf.networks.dns;

/** The embedded DNS as the network service sees it: one server per user-defined network, on its gateway. */
public interface NetworkDns extends AutoCloseable {
    /** No DNS at all (tests of the service, or a daemon that cannot bind). */
    NetworkDns NONE = new NetworkDns() {
        @Override
        public void serve(String networkId, String gateway, String subnet, NameTable names,
                          boolean forwardUnknown) {
        }

        @Override
        public void stop(String networkId) {
        }

        @Override
        public void close() {
        }
    };

    /**
     * Answers the names of {@code names} on {@code gateway} to clients in {@code subnet} (replacing an earlier
     * server of the network). Failing to bind is logged, not thrown.
     */
    void serve(String networkId, String gateway, String subnet, NameTable names, boolean forwardUnknown);

    void stop(String networkId);

    @Override
    void close();
}
