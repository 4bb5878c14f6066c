package io.wharf.network.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listening socket whose connections are each joined to a new connection to the target, bytes copied both
 * ways until either side closes; half-closes are passed on, so request/response protocols that shut down their
 * sending side work. Threads are daemon threads: a few per published port and live connection.
 */
final class TcpProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpProxy.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;
    private static final int CLOSE_WAIT_MILLIS = 2000;
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private TcpProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
        this.acceptor = daemon("wharf-proxy-" + listener.getLocalSocketAddress(), this::acceptLoop);
    }

    /** Binds {@code listener} to {@code address} and starts accepting; closes it when the bind fails. */
    static TcpProxy start(ServerSocket listener, InetSocketAddress address, InetSocketAddress target)
            throws IOException {
        try {
            listener.setReuseAddress(true);
            listener.bind(address);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        TcpProxy proxy = new TcpProxy(listener, target);
        proxy.acceptor.start();
        return proxy;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOG.warn("proxy {}: accept failed: {}", listener.getLocalSocketAddress(), e.getMessage());
                }
                return;
            }
            daemon("wharf-proxy-conn", () -> serve(client)).start();
        }
    }

    private void serve(Socket client) {
        live.add(client);
        try (client; Socket upstream = new Socket()) {
            live.add(upstream);
            try {
                upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                LOG.debug("proxy to {}: {}", target, e.getMessage());
                return;
            }
            Thread back = daemon("wharf-proxy-copy", () -> copy(upstream, client));
            back.start();
            copy(client, upstream);
            back.join();
        } catch (IOException e) {
            LOG.debug("proxy to {}: {}", target, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            live.remove(client);
        }
    }

    /** Copies until end of stream, then half-closes the other side's output. */
    private void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        } finally {
            live.remove(to);
        }
    }

    /**
     * Closes the port and its connections. Waits for the accepting thread: the JDK closes a socket that a thread
     * is blocked on only once that thread has left, and until then the port still takes connections.
     */
    @Override
    public void close() {
        closeQuietly(listener);
        awaitExit(acceptor);
        live.forEach(TcpProxy::closeQuietly);
        live.clear();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    /** Waits a little for a proxy's thread to leave its blocking call on a closed socket. */
    static void awaitExit(Thread thread) {
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }
}
