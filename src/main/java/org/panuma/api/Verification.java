package org.panuma.api;

import java.util.ArrayList;
import java.util.List;

/**
 * How a prediction compared with the move that followed it, page by page (status words: node or
 * errno).
 *
 * @param compared      pages compared
 * @param agreeing      pages whose predicted status was the actual one
 * @param disagreements the others, in request order
 */
public record Verification(long compared, long agreeing, List<Disagreement> disagreements) {
    public Verification {
        disagreements = List.copyOf(disagreements);
    }

    /** One page the prediction got wrong. */
    public record Disagreement(long address, int predicted, int actual, boolean lessCertain, String reason) {
    }

    /**
     * @throws IllegalArgumentException when the move was not of the predicted pages
     */
    public static Verification compare(PredictedMove p, MoveReport actual) {
        long[] pages = p.plan().pages();
        if (!java.util.Arrays.equals(pages, actual.addresses())) {
            throw new IllegalArgumentException("the move requested other pages than the prediction ("
                    + actual.addresses().length + " vs " + pages.length + ")");
        }
        List<Disagreement> d = new ArrayList<>();
        for (int i = 0; i < pages.length; i++) {
            if (p.status()[i] != actual.status()[i]) {
                d.add(new Disagreement(pages[i], p.status()[i], actual.status()[i], p.lessCertain()[i],
                        p.reasons().get(i)));
            }
        }
        return new Verification(pages.length, pages.length - d.size(), d);
    }

    /** Agreeing pages in percent (100 when nothing was compared). */
    public double agreementPercent() {
        return compared == 0 ? 100.0 : 100.0 * agreeing / compared;
    }
}
