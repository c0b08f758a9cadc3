package org.panuma.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.panuma.spi.Errno;

class PageCountsTest {
    @Test
    void addStatuses_countsNodesAndErrnosLikeOneAddStatusPerPage() {
        int[] statuses = new int[10_000];
        Random random = new Random(7);
        int[] words = {0, 1, 3, 1023, 1024, -Errno.EFAULT.number(), -Errno.ENOENT.number(), -4095,
            PageStatus.NOT_PROCESSED};
        for (int i = 0; i < statuses.length; i++) {
            statuses[i] = words[random.nextInt(words.length)];
        }
        PageCounts perPage = new PageCounts();
        for (int s : statuses) {
            perPage.addStatus(s);
        }
        PageCounts tallied = new PageCounts();
        tallied.addStatuses(statuses);

        assertEquals(perPage.asMap(), tallied.asMap());
        assertEquals(statuses.length, tallied.total());
    }

    @Test
    void addStatuses_keepsNodesFirstThenNamesInOrder() {
        PageCounts c = new PageCounts();
        c.addStatuses(new int[] {1, 0, 1, -Errno.ENOENT.number(), 10, -Errno.EFAULT.number(), 1});

        assertEquals(Map.of(Outcome.node(0), 1L, Outcome.node(1), 3L, Outcome.node(10), 1L,
                Outcome.errno(Errno.EFAULT), 1L, Outcome.errno(Errno.ENOENT), 1L), c.asMap());
        assertEquals("{0=1, 1=3, 10=1, EFAULT=1, ENOENT=1}", c.toString());
        assertEquals(Map.of(0, 1L, 1, 3L, 10, 1L), c.byNode());
    }

    @Test
    void addStatuses_ofNothing_addsNothing() {
        PageCounts c = new PageCounts();
        c.addStatuses(new int[0]);

        assertEquals(Map.of(), c.asMap());
    }

    @Test
    void outcomes_keepTheirJsonText_andAnErrnoOutsideTheTableKeepsItsNumber() {
        PageCounts c = new PageCounts();
        c.add(Outcome.MOVED, 2);
        c.add(Outcome.NOT_PROCESSED, 1);
        c.addStatuses(new int[] {-Errno.EBUSY.number(), -4000, 2, PageStatus.NOT_PROCESSED});

        assertEquals("{2=1, EBUSY=1, errno 4000=1, moved=2, notProcessed=2}", c.toString());
        assertEquals(Map.of(2, 1L), c.byNode());
        assertEquals("{EBUSY=1, errno 4000=1, moved=2, notProcessed=2}", c.notOnNodes().toString());
        assertEquals(4000, ((Outcome.Failed) Outcome.ofStatus(-4000)).number());
    }
}
