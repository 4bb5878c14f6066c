package io.wharf.containers.backend;

import io.wharf.api.errors.EngineException;
import io.wharf.containers.rest.TopBody;
import io.wharf.support.ChildProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** docker top: runs the host's ps and keeps the container's processes (moby's parsePSOutput). */
final class TopCommand {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopCommand() {
    }

    static TopBody run(String psArgs, List<Long> pids) {
        String args = psArgs == null || psArgs.isBlank() ? "-ef" : psArgs.trim();
        List<String> cmd = new ArrayList<>();
        cmd.add("ps");
        cmd.addAll(Arrays.asList(args.split("\\s+")));
        String output;
        try {
            ChildProcesses.Result r = ChildProcesses.run(cmd, null, true, TIMEOUT);
            if (!r.ok()) {
                throw EngineException.invalid("ps: %s", r.stderr().trim());
            }
            output = r.stdout();
        } catch (ChildProcesses.TimeoutException e) {
            throw EngineException.system(e.getMessage(), e);
        } catch (IOException e) {
            if (psArgs == null || psArgs.isBlank()) {
                return fromProc(pids); // no ps on this host
            }
            throw EngineException.system("cannot run ps: " + e.getMessage(), e);
        }
        return parse(output, pids);
    }

    static TopBody parse(String output, List<Long> pids) {
        String[] lines = output.split("\n");
        List<String> titles = Arrays.asList(lines[0].trim().split("\\s+"));
        int pidIndex = titles.indexOf("PID");
        if (pidIndex < 0) {
            throw EngineException.system("Couldn't find PID field in ps output", null);
        }
        List<List<String>> processes = new ArrayList<>();
        boolean previousMatched = false;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length <= pidIndex) {
                continue;
            }
            if (fields[pidIndex].equals("-")) { // a thread line (ps -m) belongs to the process above
                if (previousMatched) {
                    processes.add(merge(fields, titles.size()));
                }
                continue;
            }
            long pid;
            try {
                pid = Long.parseLong(fields[pidIndex]);
            } catch (NumberFormatException e) {
                throw EngineException.system("Unexpected pid '" + fields[pidIndex] + "'", e);
            }
            previousMatched = pids.contains(pid);
            if (previousMatched) {
                processes.add(merge(fields, titles.size()));
            }
        }
        return new TopBody(titles, processes);
    }

    /** The last column (the command) may contain spaces: everything beyond the titles joins it. */
    private static List<String> merge(String[] fields, int columns) {
        List<String> row = new ArrayList<>(Arrays.asList(fields).subList(0, Math.min(columns - 1, fields.length)));
        if (fields.length >= columns) {
            row.add(String.join(" ", Arrays.asList(fields).subList(columns - 1, fields.length)));
        }
        return row;
    }

    private static TopBody fromProc(List<Long> pids) {
        List<List<String>> processes = new ArrayList<>();
        for (long pid : pids) {
            try {
                Path dir = Path.of("/proc", Long.toString(pid));
                String stat = Files.readString(dir.resolve("stat"));
                String[] afterComm = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
                        .replace('\0', ' ').trim();
                String uid = "";
                for (String l : Files.readAllLines(dir.resolve("status"))) {
                    if (l.startsWith("Uid:")) {
                        uid = l.substring(4).trim().split("\\s+")[0];
                    }
                }
                processes.add(List.of(uid, Long.toString(pid), afterComm[1], "0", "", "?", "", cmdline));
            } catch (IOException | RuntimeException e) {
                // the process ended meanwhile
            }
        }
        return new TopBody(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"), processes);
    }
}
