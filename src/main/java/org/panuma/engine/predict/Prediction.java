package org.panuma.engine.predict;

import java.util.List;
import org.panuma.spi.Errno;

/**
 * A predicted move_pages outcome.
 *
 * @param returnValue what the call returns (-1 with {@code errno})
 * @param status      per entry the status the kernel leaves; {@link #UNWRITTEN} where it writes none
 * @param lessCertain per entry: true when an input it depends on was unknown and a guess was made
 * @param reasons     per entry, the deciding branch in words
 * @param notes       about the whole call
 */
public record Prediction(long returnValue, Errno errno, int[] status, boolean[] lessCertain, List<String> reasons,
                         List<String> notes, String profile) {
    public static final int UNWRITTEN = Integer.MIN_VALUE;

    /** True when no entry depended on an unknown input. */
    public boolean certain() {
        for (boolean b : lessCertain) {
            if (b) {
                return false;
            }
        }
        return true;
    }
}
