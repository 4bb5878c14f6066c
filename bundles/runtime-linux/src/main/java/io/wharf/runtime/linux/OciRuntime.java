package io.wharf.runtime.linux;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An OCI runtime binary (runc, crun, ...) with its global arguments and its private state root.
 *
 * @param globalArgs arguments before the subcommand (Docker's runtimeArgs), e.g. {@code --systemd-cgroup}
 */
record OciRuntime(String name, Path binary, List<String> globalArgs, Path stateRoot) {
    /** {@code binary globalArgs --root stateRoot}: the prefix of every invocation. */
    List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(globalArgs);
        command.add("--root");
        command.add(stateRoot.toString());
        return command;
    }

    /** Whether the state root holds runc's layout ({@code <root>/<id>/state.json}, {@code exec.fifo}). */
    boolean isRunc() {
        return binary.getFileName().toString().equals("runc");
    }
}
