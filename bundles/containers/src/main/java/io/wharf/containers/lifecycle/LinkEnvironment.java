package io.wharf.containers.lifecycle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The variables a legacy {@code --link} on the default bridge puts in the linking container's environment, as
 * moby's links.Link.ToEnv writes them: {@code <ALIAS>_PORT} (the lowest port), per port
 * {@code <ALIAS>_PORT_<n>_<PROTO>[_ADDR|_PORT|_PROTO]}, runs of three or more contiguous ports as one
 * {@code _START}/{@code _END} range, {@code <ALIAS>_NAME} and the target's own variables as {@code <ALIAS>_ENV_*}.
 */
final class LinkEnvironment {
    private record Port(int number, String proto) {
        static Port parse(String spec) {
            String[] parts = spec.split("/", 2);
            return new Port(Integer.parseInt(parts[0].trim()), parts.length == 2 ? parts[1].trim().toLowerCase(Locale.ROOT) : "tcp");
        }

        String key() {
            return number + "_" + proto.toUpperCase(Locale.ROOT);
        }
    }

    /** Lower numbers first; for one number tcp first, as moby sorts them. */
    private static final Comparator<Port> ORDER = Comparator.comparingInt(Port::number)
            .thenComparing(p -> !p.proto().equals("tcp")).thenComparing(Port::proto);

    private LinkEnvironment() {
    }

    /**
     * @param linkName    "/linking-container/alias"
     * @param ip          the target's address on the default bridge
     * @param ports       the target's exposed ports ("80/tcp", "53/udp")
     * @param targetEnv   the target's Env ("K=V"); HOME and PATH are left out, as moby does
     */
    static List<String> of(String linkName, String ip, Collection<String> ports, List<String> targetEnv) {
        String alias = linkName.substring(linkName.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT).replace('-', '_');
        List<Port> sorted = new ArrayList<>();
        for (String spec : ports) {
            try {
                sorted.add(Port.parse(spec));
            } catch (NumberFormatException rangeOrJunk) {
                // create validated the ports; nothing else can be named in a variable
            }
        }
        sorted.sort(ORDER);
        List<String> env = new ArrayList<>();
        if (!sorted.isEmpty()) {
            Port p = sorted.get(0);
            env.add(alias + "_PORT=" + p.proto() + "://" + ip + ":" + p.number());
        }
        for (int i = 0; i < sorted.size(); ) {
            Port p = sorted.get(i);
            String prefix = alias + "_PORT_" + p.key();
            int j = lastContiguous(sorted, i);
            if (j > i + 1) {
                Port q = sorted.get(j);
                env.add(prefix + "_START=" + p.proto() + "://" + ip + ":" + p.number());
                env.add(prefix + "_ADDR=" + ip);
                env.add(prefix + "_PROTO=" + p.proto());
                env.add(prefix + "_PORT_START=" + p.number());
                String end = alias + "_PORT_" + p.number() + "_" + q.proto().toUpperCase(Locale.ROOT);
                env.add(end + "_END=" + q.proto() + "://" + ip + ":" + q.number());
                env.add(end + "_PORT_END=" + q.number());
                i = j + 1;
                continue;
            }
            env.add(prefix + "=" + p.proto() + "://" + ip + ":" + p.number());
            env.add(prefix + "_ADDR=" + ip);
            env.add(prefix + "_PORT=" + p.number());
            env.add(prefix + "_PROTO=" + p.proto());
            i++;
        }
        env.add(alias + "_NAME=" + linkName);
        for (String variable : targetEnv == null ? List.<String>of() : targetEnv) {
            int eq = variable.indexOf('=');
            if (eq > 0) {
                String name = variable.substring(0, eq);
                if (!name.equals("HOME") && !name.equals("PATH")) {
                    env.add(alias + "_ENV_" + name + "=" + variable.substring(eq + 1));
                }
            }
        }
        return env;
    }

    /** moby's nextContiguous: the last index of the run of consecutive numbers that starts at {@code start}. */
    private static int lastContiguous(List<Port> ports, int start) {
        int value = ports.get(start).number();
        for (int i = start + 1; i < ports.size(); i++) {
            if (ports.get(i).number() > value + 1) {
                return i - 1;
            }
            value++;
        }
        return ports.size() - 1;
    }
}
