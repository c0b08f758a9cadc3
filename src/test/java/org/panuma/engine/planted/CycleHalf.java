package org.panuma.engine.planted;

import org.panuma.os.planted.OtherCycleHalf;

/** Half of a planted package cycle (engine ⇄ os), for LayersTest to catch. Test scope only. */
public final class CycleHalf {
    private CycleHalf() {
    }

    public static int depth(int n) {
        return n <= 0 ? 0 : OtherCycleHalf.depth(n - 1) + 1;
    }
}
