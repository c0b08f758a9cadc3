package org.panuma.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.panuma.spi.MemoryTiering;
import org.panuma.spi.NodeSet;

class MemoryTieringParserTest {

    private static MemoryTiering fixture(String name) throws URISyntaxException {
        Path root = Path.of(MemoryTieringParserTest.class.getResource("/fixtures/sys-mm/" + name).toURI());
        return MemoryTieringParser.parse(MemoryTieringReader.read(root));
    }

    @Test
    void kernel61_hasOneDramTierAndDemotionOffButNoWeights() throws Exception {
        MemoryTiering t = fixture("6.1-two-nodes");
        assertEquals(List.of(new MemoryTiering.Tier(4, NodeSet.of(0, 1))), t.tiers());
        assertEquals(MemoryTiering.Demotion.DISABLED, t.demotion());
        assertTrue(t.interleaveWeights().isEmpty());
    }

    @Test
    void memoryOnlyNode_sharesTheDramTierAndHasAWeight() throws Exception {
        MemoryTiering t = fixture("6.12-memory-only-node");
        assertEquals(4, t.tierOf(2).orElseThrow().id());
        assertEquals(Map.of(0, 1, 1, 1, 2, 1), t.interleaveWeights());
    }

    @Test
    void cxlExpander_isASlowerTierWithItsOwnAbstractDistances() throws Exception {
        MemoryTiering t = fixture("cxl-tiered");
        assertEquals(List.of(4, 22), t.tiers().stream().map(MemoryTiering.Tier::id).toList());
        MemoryTiering.Tier slow = t.tierOf(2).orElseThrow();
        assertEquals(2816, slow.abstractDistanceStart());
        assertEquals(2943, slow.abstractDistanceEnd());
        assertEquals(512, t.tierOf(0).orElseThrow().abstractDistanceStart());
        assertEquals(MemoryTiering.Demotion.ENABLED, t.demotion());
        assertEquals(3, t.interleaveWeight(1).orElseThrow());
        assertEquals(1, t.interleaveWeight(2).orElseThrow());
    }

    @Test
    void kernelWithoutTheFeatures_isEmptyAndDemotionUnknown() throws Exception {
        assertEquals(MemoryTiering.NONE, fixture("no-tiering"));
    }

    @Test
    void badWeightOrDemotionText_isNamedInTheError() {
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> MemoryTieringParser.parse(
                Map.of(MemoryTieringParser.WEIGHT_DIR + "/node1", "0\n")));
        assertTrue(w.getMessage().contains("weighted_interleave/node1: weight 0 is outside 1-255"), w.getMessage());
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> MemoryTieringParser.parse(
                Map.of(MemoryTieringParser.DEMOTION, "maybe\n")));
        assertTrue(d.getMessage().contains("'maybe' is not true or false"), d.getMessage());
    }
}
