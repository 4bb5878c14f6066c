package io.wharf.networks.dns;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over UDP and TCP on any number of addresses (one per network), served by one selector thread. Local
 * answers are sent from the selector thread; forwarded queries and TCP connections, which block, go to a small
 * pool of workers, and are dropped when all are busy (clients retry). Nothing a client sends stops the server.
 */
public final class DnsServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    private static final int WORKERS = 16;
    private static final int TCP_IDLE_MILLIS = 10_000;
    private final DnsForwarder forwarder;
    private final int port;
    private final Selector selector;
    private final Thread loop;
    private final ExecutorService workers;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Map<String, Listener> listeners = new HashMap<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(65535);
    private volatile boolean open = true;

    /** Where a listener ended up (the ports differ from the configured one only when that is 0). */
    public record Binding(InetSocketAddress udp, InetSocketAddress tcp) {
    }

    private record Listener(DatagramChannel udp, ServerSocketChannel tcp, DnsResponder responder) {
    }

    /** @param port 53, or 0 for any free port (tests) */
    public DnsServer(DnsForwarder forwarder, int port) throws IOException {
        this.forwarder = forwarder;
        this.port = port;
        this.selector = Selector.open();
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, WORKERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "wharf-dns-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.loop = new Thread(this::run, "wharf-dns");
        loop.setDaemon(true);
        loop.start();
    }

    private Listener bind(InetAddress address, DnsResponder responder) throws IOException {
        DatagramChannel udp = DatagramChannel.open(address instanceof java.net.Inet6Address
                ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
        ServerSocketChannel tcp = null;
        try {
            udp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            udp.bind(new InetSocketAddress(address, port));
            udp.configureBlocking(false);
            int udpPort = ((InetSocketAddress) udp.getLocalAddress()).getPort();
            tcp = ServerSocketChannel.open();
            tcp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            tcp.bind(new InetSocketAddress(address, port == 0 ? udpPort : port), 64);
            tcp.configureBlocking(false);
            return new Listener(udp, tcp, responder);
        } catch (IOException | RuntimeException e) {
            closeQuietly(udp);
            closeQuietly(tcp);
            throw e;
        }
    }

    /** Starts answering on {@code address}, replacing what was served under {@code key} before. */
    public synchronized Binding serve(String key, InetAddress address, DnsResponder responder) throws IOException {
        if (!open) {
            throw new IOException("the DNS server is closed");
        }
        stop(key);
        Listener listener = bindRetrying(address, responder);
        DatagramChannel udp = listener.udp();
        listeners.put(key, listener);
        onLoop(() -> {
            if (!udp.isOpen() || !listener.tcp().isOpen()) {
                return; // stopped before it started
            }
            try {
                udp.register(selector, SelectionKey.OP_READ, listener);
                listener.tcp().register(selector, SelectionKey.OP_ACCEPT, listener);
            } catch (IOException e) {
                LOG.warn("cannot serve DNS on {}: {}", address, e.toString());
            }
        });
        return new Binding((InetSocketAddress) udp.getLocalAddress(),
                (InetSocketAddress) listener.tcp().getLocalAddress());
    }

    /** With an ephemeral port (tests), the UDP port's TCP twin may be taken: then a few other ports are tried. */
    private Listener bindRetrying(InetAddress address, DnsResponder responder) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return bind(address, responder);
            } catch (java.net.BindException e) {
                if (port != 0 || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    public synchronized void stop(String key) {
        Listener l = listeners.remove(key);
        if (l != null) {
            // closed right here so the address is free for a new bind at once; the selector drops the keys
            closeQuietly(l.udp());
            closeQuietly(l.tcp());
            if (open) {
                selector.wakeup();
            }
        }
    }

    public synchronized boolean isServing(String key) {
        return listeners.containsKey(key);
    }

    @Override
    public synchronized void close() {
        if (!open) {
            return;
        }
        for (String key : listeners.keySet().toArray(String[]::new)) {
            stop(key);
        }
        open = false;
        selector.wakeup();
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }

    private void onLoop(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    private void run() {
        try {
            while (open) {
                selector.select(1000);
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    handle(key);
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.error("the embedded DNS server stopped", e);
        } finally {
            for (Runnable task; (task = tasks.poll()) != null; ) {
                task.run();
            }
            closeQuietly(selector);
        }
    }

    private void handle(SelectionKey key) {
        Listener listener = (Listener) key.attachment();
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.channel() instanceof DatagramChannel udp) {
                // drain a bounded number of datagrams so one busy network cannot starve the others
                for (int i = 0; i < 64 && receive(udp, listener.responder()); i++) {
                    // next datagram
                }
            } else if (key.isAcceptable()) {
                SocketChannel connection = ((ServerSocketChannel) key.channel()).accept();
                if (connection != null) {
                    submit(() -> serveTcp(connection, listener.responder()), connection);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("DNS packet failed: {}", e.toString());
        }
    }

    /** Handles one datagram; false when none was waiting. */
    private boolean receive(DatagramChannel udp, DnsResponder responder) throws IOException {
        buffer.clear();
        SocketAddress source = udp.receive(buffer);
        if (source == null) {
            return false;
        }
        byte[] packet = new byte[buffer.position()];
        buffer.flip();
        buffer.get(packet);
        InetAddress from = ((InetSocketAddress) source).getAddress();
        DnsResponder.Decision d = responder.respond(packet, packet.length, from, false);
        if (d instanceof DnsResponder.Reply r) {
            udp.send(ByteBuffer.wrap(r.message()), source);
        } else if (d instanceof DnsResponder.Forward f) {
            submit(() -> {
                byte[] answer = forwarder.forward(f.query(), false);
                try {
                    udp.send(ByteBuffer.wrap(answer != null ? answer : responder.serverFailure(f.query())), source);
                } catch (IOException e) {
                    LOG.debug("cannot answer {}: {}", source, e.toString());
                }
            }, null);
        }
        return true;
    }

    /** DNS over TCP: two-byte length, then the message, as often as the client likes until it goes idle. */
    private void serveTcp(SocketChannel connection, DnsResponder responder) {
        try (connection) {
            connection.configureBlocking(true);
            connection.socket().setSoTimeout(TCP_IDLE_MILLIS);
            InetAddress from = ((InetSocketAddress) connection.getRemoteAddress()).getAddress();
            DataInputStream in = new DataInputStream(connection.socket().getInputStream());
            DataOutputStream out = new DataOutputStream(connection.socket().getOutputStream());
            while (open) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException e) {
                    return;
                }
                byte[] query = new byte[length];
                in.readFully(query);
                DnsResponder.Decision d = responder.respond(query, length, from, true);
                byte[] answer;
                if (d instanceof DnsResponder.Reply r) {
                    answer = r.message();
                } else if (d instanceof DnsResponder.Forward f) {
                    answer = forwarder.forward(f.query(), true);
                    if (answer == null) {
                        answer = responder.serverFailure(f.query());
                    }
                } else {
                    return;
                }
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("DNS over TCP failed: {}", e.toString());
        }
    }

    private void submit(Runnable work, Closeable onRejected) {
        try {
            workers.execute(work);
        } catch (RejectedExecutionException e) {
            closeQuietly(onRejected);
        }
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
