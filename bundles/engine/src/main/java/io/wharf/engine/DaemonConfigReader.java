package io.wharf.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.wharf.api.config.DaemonConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the launcher's merged configuration JSON with Jackson's streaming parser. The daemon's API cannot
 * listen before this has run, and jackson-databind's bootstrap would add a fifth to the daemon's start time.
 */
final class DaemonConfigReader {
    private DaemonConfigReader() {
    }

    static DaemonConfig read(String json) throws IOException {
        return fromMap(parse(json));
    }

    /** The configuration JSON as maps, lists, strings, longs and booleans. */
    static Map<String, Object> parse(String json) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the daemon configuration must be a JSON object");
            }
            return asMap(readValue(p));
        }
    }

    static DaemonConfig fromMap(Map<String, Object> v) {
        return new DaemonConfig(strings(v.get("hosts")), string(v.get("data-root")), string(v.get("exec-root")),
                string(v.get("pidfile")), string(v.get("storage-driver")), strings(v.get("storage-opts")),
                string(v.get("log-level")), bool(v.get("debug")), string(v.get("group")), bool(v.get("tls")),
                bool(v.get("tlsverify")), string(v.get("tlscacert")), string(v.get("tlscert")),
                string(v.get("tlskey")), string(v.get("api-cors-header")), strings(v.get("registry-mirrors")),
                strings(v.get("insecure-registries")),
                integer(v.get("max-concurrent-downloads")), integer(v.get("max-concurrent-uploads")),
                string(v.get("default-runtime")), runtimes(v.get("runtimes")), string(v.get("bip")),
                pools(v.get("default-address-pools")), string(v.get("bridge")), string(v.get("fixed-cidr")),
                integer(v.get("mtu")), bool(v.get("iptables")), bool(v.get("ip-masq")), strings(v.get("dns")),
                strings(v.get("labels")), bool(v.get("experimental")),
                bool(v.get("live-restore")));
    }

    private static Map<String, DaemonConfig.RuntimeDefinition> runtimes(Object value) {
        if (value == null) {
            return null;
        }
        Map<String, DaemonConfig.RuntimeDefinition> result = new LinkedHashMap<>();
        asMap(value).forEach((name, def) -> {
            Map<String, Object> d = asMap(def);
            result.put(name, new DaemonConfig.RuntimeDefinition(string(d.get("path")), strings(d.get("runtimeArgs"))));
        });
        return result;
    }

    private static List<DaemonConfig.AddressPool> pools(Object value) {
        if (value == null) {
            return null;
        }
        List<DaemonConfig.AddressPool> result = new ArrayList<>();
        for (Object o : (List<?>) value) {
            Map<String, Object> pool = asMap(o);
            Integer size = integer(pool.get("size"));
            result.add(new DaemonConfig.AddressPool(string(pool.get("base")), size == null ? 0 : size));
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : null;
    }

    private static Boolean bool(Object value) {
        return value instanceof Boolean b ? b : null;
    }

    private static Integer integer(Object value) {
        return value instanceof Number n ? n.intValue() : null;
    }

    private static Object readValue(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, readValue(p));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(p));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getLongValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            default -> {
                return null;
            }
        }
    }
}
