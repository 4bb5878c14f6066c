package io.wharf.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aQute.bnd.differ.Baseline;
import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;
import java.io.File;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Semantic versioning of the contract, checked by bnd's baseline: every exported package of the bundle being built
 * (target/bundle, as bnd-process made it) against the last release in baseline/ (see its README).
 */
class ApiBaselineTest {
    private static final File RELEASE = new File("baseline/wharf-api-0.1.0.jar");
    private static final File CURRENT = new File("target/bundle");

    @Test
    void everyExportedPackageIsVersionedForWhatChangedSinceTheLastRelease() throws Exception {
        List<String> mismatches = mismatches(new Jar(CURRENT), RELEASE);
        assertEquals(List.of(), mismatches, "exported packages whose version does not cover their change");
    }

    /** The check itself can fail: the release against itself passes; without one of its types, it does not. */
    @Test
    void theBaselineRefusesAChangeItsVersionDoesNotCover() throws Exception {
        assertEquals(List.of(), mismatches(new Jar(RELEASE), RELEASE));
        Jar withoutEventBus = new Jar(RELEASE);
        withoutEventBus.remove("io/wharf/api/events/EventBus.class"); // a removed type: a major change
        List<String> found = mismatches(withoutEventBus, RELEASE);
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("io.wharf.api.events 1.0.0 (was 1.0.0): needs 2.0.0"), found.toString());
    }

    private static List<String> mismatches(Jar newer, File older) throws Exception {
        try (Processor reporter = new Processor(); Jar n = newer; Jar o = new Jar(older)) {
            Set<Baseline.Info> infos = new Baseline(reporter, new DiffPluginImpl()).baseline(n, o, null);
            return infos.stream().filter(i -> i.mismatch)
                    .map(i -> i.packageName + " " + i.newerVersion + " (was " + i.olderVersion + "): needs "
                            + i.suggestedVersion + (i.reason == null ? "" : ", " + i.reason))
                    .sorted().toList();
        }
    }
}
