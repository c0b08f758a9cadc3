package org.panuma.cli.scenario;

/**
 * How big a scenario file may make the simulated machine and its calls. A scenario is input from
 * a file, so each size it names is bounded before anything is allocated: a page count of two
 * billion used 6 GB or ended in an OutOfMemoryError, a node range ending at 2147483647 looped for
 * ever. The bounds sit well above any scenario in docs/ and keep one run under about 200 MB of heap.
 */
final class ScenarioLimits {
    /** The kernel's MAX_NUMNODES with the largest NODES_SHIFT (10). */
    static final int MAX_NODE_ID = 1023;
    /** Simulated page frames on all nodes together (31 bytes of model each: 65 MB). */
    static final long MAX_TOTAL_FRAMES = 1L << 21;
    /** Pages of all VMAs together (4 bytes of page table each). */
    static final long MAX_TOTAL_VMA_PAGES = 1L << 22;
    /** move_pages entries of all calls together: each is explained in words. */
    static final long MAX_TOTAL_ENTRIES = 1L << 16;
    static final int MAX_CALLS = 4096;
    /** Timed events of one call. */
    static final int MAX_EVENTS = 4096;
    static final int MAX_TASKS = 4096;
    static final int MAX_CPUS = 8192;
    /** The file itself, and any one string in it. */
    static final int MAX_FILE_BYTES = 16 << 20;
    static final int MAX_STRING_CHARS = 1 << 20;
    static final int MAX_NESTING = 64;

    private ScenarioLimits() {
    }

    /** {@code value} if it lies in [min, max], else a ScenarioException naming the field and the bounds. */
    static long check(String where, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ScenarioException(where + ": " + value + " is out of range (" + min + " to " + max + ")");
        }
        return value;
    }

    /** A running total that must stay under {@code max}. */
    static final class Budget {
        private final String what;
        private final long max;
        private long used;

        Budget(String what, long max) {
            this.what = what;
            this.max = max;
        }

        void take(String where, long amount) {
            used += amount;
            if (amount < 0 || used > max) {
                throw new ScenarioException(where + ": the scenario's " + what + " come to more than " + max
                        + " (at most " + max + " in one scenario)");
            }
        }
    }
}
