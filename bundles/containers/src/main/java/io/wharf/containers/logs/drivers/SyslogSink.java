package io.wharf.containers.logs.drivers;

import io.wharf.support.SyslogOptions;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * moby's syslog driver: each entry formatted (see {@link SyslogFormat}) and written to the endpoint; a failed write
 * reconnects once and writes again, and the entry is dropped when that fails too (srslog's writeAndRetry).
 */
public final class SyslogSink implements LogSink {
    private final SyslogOptions options;
    private final SyslogFormat format;
    private SyslogTransport transport;

    private SyslogSink(SyslogOptions options, SyslogFormat format, SyslogTransport transport) {
        this.options = options;
        this.format = format;
        this.transport = transport;
    }

    /** Connects now, as moby's driver dials when the container starts (a refused TCP connection fails the start). */
    public static SyslogSink open(SyslogOptions options, SyslogFormat format) throws IOException {
        try {
            return new SyslogSink(options, format, SyslogTransport.connect(options.network(), options.address()));
        } catch (IOException e) {
            String where = options.network().isEmpty() ? "the local syslog" : options.network() + " "
                    + options.address();
            throw new IOException("dial " + where + ": " + e.getMessage(), e);
        }
    }

    /** A sink that connects at its first entry (a container adopted after a restart while its endpoint is away). */
    public static SyslogSink lazy(SyslogOptions options, SyslogFormat format) {
        return new SyslogSink(options, format, null);
    }

    @Override
    public void send(LogMessage message, BooleanSupplier stop) throws IOException {
        byte[] bytes = format.format(message);
        if (transport != null) {
            try {
                transport.write(bytes);
                return;
            } catch (IOException e) {
                transport.close();
                transport = null;
            }
        }
        transport = SyslogTransport.connect(options.network(), options.address());
        try {
            transport.write(bytes);
        } catch (IOException e) {
            transport.close();
            transport = null;
            throw e;
        }
    }

    @Override
    public void close() {
        if (transport != null) {
            transport.close();
        }
    }
}
