package io.wharf.api.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.model.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerChainTest {
    private static Digest layer(int n) {
        return Digest.sha256(("layer " + n).getBytes(StandardCharsets.UTF_8));
    }

    /** The OCI definition, computed here without the memo. */
    private static List<Digest> byDefinition(List<Digest> diffIds) {
        List<Digest> chain = new ArrayList<>();
        for (Digest d : diffIds) {
            chain.add(chain.isEmpty() ? d : Digest.sha256((chain.get(chain.size() - 1) + " " + d)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return chain;
    }

    @Test
    void chainsFollowTheDefinitionWhetherRememberedOrNot() {
        List<Digest> diffIds = List.of(layer(1), layer(2), layer(3));
        assertEquals(byDefinition(diffIds), LayerChain.chainIds(diffIds));
        assertEquals(byDefinition(diffIds), LayerChain.chainIds(new ArrayList<>(diffIds))); // remembered
        assertEquals(List.of(), LayerChain.chainIds(List.of()));
        assertEquals(List.of(layer(1)), LayerChain.chainIds(List.of(layer(1))));
    }

    @Test
    void listsThatShareAPrefixOrDifferInOrderHaveTheirOwnChains() {
        List<Digest> ab = List.of(layer(10), layer(11));
        List<Digest> ba = List.of(layer(11), layer(10));
        List<Digest> abc = List.of(layer(10), layer(11), layer(12));
        assertEquals(byDefinition(ab), LayerChain.chainIds(ab));
        assertEquals(byDefinition(ba), LayerChain.chainIds(ba));
        assertEquals(byDefinition(abc), LayerChain.chainIds(abc));
        assertEquals(byDefinition(ab), LayerChain.chainIds(ab));
    }

    @Test
    void aCallerChangingItsListAfterwardsChangesNothingRemembered() {
        List<Digest> mutable = new ArrayList<>(List.of(layer(20), layer(21)));
        List<Digest> first = LayerChain.chainIds(mutable);
        mutable.set(1, layer(22));
        assertEquals(byDefinition(mutable), LayerChain.chainIds(mutable));
        assertEquals(byDefinition(List.of(layer(20), layer(21))), first);
        assertThrows(UnsupportedOperationException.class, () -> first.add(layer(1)));
    }

    @Test
    void moreListsThanRememberedStillAnswerCorrectly() {
        for (int i = 0; i < LayerChain.REMEMBERED + 20; i++) {
            List<Digest> diffIds = List.of(layer(1000 + i), layer(5000 + i));
            assertEquals(byDefinition(diffIds), LayerChain.chainIds(diffIds));
        }
        List<Digest> early = List.of(layer(1000), layer(5000)); // pushed out by then: computed again
        assertEquals(byDefinition(early), LayerChain.chainIds(early));
    }
}
