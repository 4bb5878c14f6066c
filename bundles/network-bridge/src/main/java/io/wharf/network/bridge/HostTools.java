package io.wharf.network.bridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Absolute paths of the programs the driver runs. The daemon's PATH often lacks the sbin directories where
 * ip and nft live, so those are searched too; a program that is not found is left to PATH lookup (and fails
 * with a clear error when used).
 */
record HostTools(String ip, String nsenter, String nft) {

    static HostTools locate() {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/local/bin", "/usr/bin", "/bin"));
        return new HostTools(find("ip", dirs), find("nsenter", dirs), find("nft", dirs));
    }

    private static String find(String program, List<String> dirs) {
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return program;
    }
}
