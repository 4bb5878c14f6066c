package io.wharf.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The distribution of an older commit of Wharf, built from git history: a detached worktree of the commit in a
 * temporary folder, {@code mvn -o -q -DskipTests package} of the modules the distribution needs, and its
 * {@code runtime-assembly/target/wharf} kept under {@code target/} so that later runs do not build it again.
 */
final class OldDistribution {
    /** How long the build may take: the old reactor compiles, tests skipped, from the local repository. */
    private static final long BUILD_MINUTES = 15;
    private static final String MAVEN_LOCK = "/tmp/wharf-mvn.lock";

    private OldDistribution() {
    }

    /** The distribution of {@code commit}, built now unless an earlier run kept it. */
    static Path of(String commit) throws IOException, InterruptedException {
        Path kept = Path.of("target", "old-wharf-" + commit.substring(0, 12)).toAbsolutePath();
        if (Files.isExecutable(kept.resolve("bin/wharfd"))) {
            return kept;
        }
        Path repo = Path.of(run(Path.of("."), List.of("git", "rev-parse", "--show-toplevel")).strip());
        Path source = Files.createTempDirectory(Path.of("/tmp"), "wharf-old-src-");
        Files.delete(source); // git worktree add makes it
        run(repo, List.of("git", "worktree", "add", "--detach", source.toString(), commit));
        try {
            run(source, maven(List.of("mvn", "-B", "-o", "-q", "-pl", "runtime-assembly", "-am", "package",
                    "-DskipTests")));
            Path staged = kept.resolveSibling(kept.getFileName() + ".part");
            run(repo, List.of("rm", "-rf", staged.toString()));
            run(repo, List.of("cp", "-a", source.resolve("runtime-assembly/target/wharf").toString(),
                    staged.toString()));
            Files.move(staged, kept); // whole or absent: a killed run never leaves half a distribution to reuse
            return kept;
        } finally {
            run(repo, List.of("git", "worktree", "remove", "--force", source.toString()));
        }
    }

    /**
     * The Maven command, under the machine's Maven lock unless a process this one runs under already holds it
     * (the lock is not re-entrant across processes: waiting for it there would wait forever).
     */
    private static List<String> maven(List<String> command) throws IOException {
        if (ancestorHoldsMavenLock()) {
            return command;
        }
        List<String> locked = new ArrayList<>(List.of("flock", MAVEN_LOCK));
        locked.addAll(command);
        return locked;
    }

    private static boolean ancestorHoldsMavenLock() throws IOException {
        Optional<ProcessHandle> p = ProcessHandle.current().parent();
        while (p.isPresent()) {
            Path cmdline = Path.of("/proc", Long.toString(p.get().pid()), "cmdline");
            if (Files.exists(cmdline)) {
                List<String> args = List.of(Files.readString(cmdline, StandardCharsets.UTF_8).split("\0"));
                if (!args.isEmpty() && args.get(0).endsWith("flock") && args.contains(MAVEN_LOCK)) {
                    return true;
                }
            }
            p = p.get().parent();
        }
        return false;
    }

    private static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("wharf-old-build-", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!p.waitFor(BUILD_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new IOException(String.join(" ", command) + " did not finish in " + BUILD_MINUTES + " min");
            }
            String text = Files.readString(output);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed with " + p.exitValue() + ":\n" + text);
            }
            return text;
        } finally {
            Files.delete(output);
        }
    }
}
