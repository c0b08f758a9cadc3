package org.panuma.os.planted;

import org.panuma.engine.planted.CycleHalf;

/** The other half of a planted package cycle (os ⇄ engine), for LayersTest to catch. Test scope only. */
public final class OtherCycleHalf {
    private OtherCycleHalf() {
    }

    public static int depth(int n) {
        return n <= 0 ? 0 : CycleHalf.depth(n - 1) + 1;
    }
}
