package org.panuma.engine.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.panuma.engine.KernelProfile;
import org.panuma.spi.Mpol;
import org.panuma.spi.NodeSet;

/**
 * --dry-run's predictor on pages of large folios: the pages of one folio are one frame, so the
 * second address inside it is -EBUSY as the kernel answers (6.1 and 6.12 alike for a THP, 6.12
 * for a multi-size THP), and the folio's last page moves with the first.
 */
class LargeFolioPredictionTest {
    static final long A = 0x7f0000000000L; // 2 MiB aligned
    static final int EBUSY = -16;

    static ProcessSnapshot snapshot(int regionPages, List<ProcessSnapshot.Folio> folios, long... addrs) {
        List<ProcessSnapshot.Page> pages = java.util.Arrays.stream(addrs).mapToObj(a -> ProcessSnapshot.Page.present(a, 0))
                .toList();
        return new ProcessSnapshot(NodeSet.of(0, 1), NodeSet.of(0, 1), List.of(new ProcessSnapshot.Region(A,
                A + regionPages * 4096L, ProcessSnapshot.Kind.ANON, pages, folios)));
    }

    static Prediction predict(KernelProfile p, ProcessSnapshot s, long... addrs) {
        int[] nodes = new int[addrs.length];
        java.util.Arrays.fill(nodes, 1);
        return MovePagesPredictor.predict(p, s, addrs, nodes, Mpol.MPOL_MF_MOVE, MovePagesPredictor.Caller.self());
    }

    @Test
    void secondAddressInsideA64kFolio_isEbusy_onV612_andTheNextFolioMoves() {
        ProcessSnapshot s = snapshot(32, List.of(new ProcessSnapshot.Folio(A, 16, true),
                new ProcessSnapshot.Folio(A + 16 * 4096L, 16, true)), A, A + 4096, A + 16 * 4096L);
        Prediction p = predict(KernelProfile.V6_12, s, A, A + 4096, A + 16 * 4096L);
        assertEquals(0, p.returnValue());
        assertArrayEquals(new int[] {1, EBUSY, 1}, p.status());
        assertTrue(p.certain());
        assertTrue(p.reasons().get(1).contains("already isolated"), p.reasons().get(1));
    }

    @Test
    void withoutFolios_thePagesAreTakenForBasePages_andBothMove() {
        ProcessSnapshot s = snapshot(32, List.of(), A, A + 4096);
        assertArrayEquals(new int[] {1, 1}, predict(KernelProfile.V6_12, s, A, A + 4096).status());
    }

    @Test
    void secondAddressInsideAThp_isEbusy_onBothModernProfiles() {
        for (KernelProfile p : new KernelProfile[] {KernelProfile.V6_1, KernelProfile.V6_12}) {
            ProcessSnapshot s = snapshot(512, List.of(new ProcessSnapshot.Folio(A, 512, true)), A, A + 511 * 4096L);
            assertArrayEquals(new int[] {1, EBUSY}, predict(p, s, A, A + 511 * 4096L).status(), p.id());
        }
    }

    /** 6.1 has no anonymous multi-size THP: a 16-page folio reported there stays base pages in the model. */
    @Test
    void anMthpUnderV61_isNotModelled() {
        ProcessSnapshot s = snapshot(32, List.of(new ProcessSnapshot.Folio(A, 16, true)), A, A + 4096);
        assertArrayEquals(new int[] {1, 1}, predict(KernelProfile.V6_1, s, A, A + 4096).status());
    }

    @Test
    void aFolioOffTheLru_isEbusyForItsFirstAddress() {
        ProcessSnapshot s = snapshot(32, List.of(new ProcessSnapshot.Folio(A, 16, false)), A);
        assertArrayEquals(new int[] {EBUSY}, predict(KernelProfile.V6_12, s, A).status());
    }

    @Test
    void aFolioSize_mustBeAPowerOfTwoUpTo512() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ProcessSnapshot.Folio(A, 12, true));
        assertEquals("a transparent folio has 2 to 512 base pages, a power of two: 12", e.getMessage());
    }
}
