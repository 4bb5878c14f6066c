package com.example.wharf.audit;

import io.wharf.api.events.Event;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/** Appends events as JSON lines. Plain Java: the OSGi wiring lives in {@link AuditLogComponent}. */
public final class AuditLog implements AutoCloseable {
    private final Writer out;

    public AuditLog(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    public synchronized void append(Event event) {
        StringBuilder line = new StringBuilder("{\"time\":").append(event.timeNano())
                .append(",\"type\":").append(quote(event.type()))
                .append(",\"action\":").append(quote(event.action()))
                .append(",\"actor\":").append(quote(event.actorId()))
                .append(",\"attributes\":{");
        String sep = "";
        for (Map.Entry<String, String> a : new TreeMap<>(event.attributes()).entrySet()) {
            line.append(sep).append(quote(a.getKey())).append(':').append(quote(a.getValue()));
            sep = ",";
        }
        line.append("}}\n");
        try {
            out.write(line.toString());
            out.flush(); // an audit trail is only useful if it survives a crash
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the audit log", e);
        }
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
