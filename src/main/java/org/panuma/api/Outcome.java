package org.panuma.api;

import java.util.Comparator;
import org.panuma.spi.Errno;

/**
 * What became of a page, as a key of {@link PageCounts}: the node it is on, the errno the kernel
 * gave for it, or one of the words a move reports. Its text ({@link #toString()}) is the key of
 * the JSON outputs: "0", "EFAULT", "moved".
 *
 * <pre>{@code report.outcomeMap().get(Outcome.errno(Errno.EBUSY))}</pre>
 */
public sealed interface Outcome permits Outcome.OnNode, Outcome.Failed, Outcome.Word {
    /** Now on the target, and was not before. */
    Word MOVED = Word.MOVED;
    /** Was on the target already. */
    Word ALREADY = Word.ALREADY;
    /** Counted in move_pages' positive return: it stayed where it was. */
    Word NOT_MIGRATED = Word.NOT_MIGRATED;
    /** The move stopped (a stop signal, the target gone) before reaching it. */
    Word NOT_PROCESSED = Word.NOT_PROCESSED;
    /** In a region with nothing in memory: not queried, on no node. */
    Word ABSENT = Word.ABSENT;

    /** The page is on this node. */
    static Outcome node(int node) {
        return new OnNode(node);
    }

    /** The kernel answered this errno for the page. */
    static Outcome errno(Errno e) {
        return new Failed(e.number());
    }

    /**
     * The outcome a move_pages status word says: its node, its errno, or
     * {@link #NOT_PROCESSED} for an entry the kernel left untouched.
     */
    static Outcome ofStatus(int status) {
        if (status >= 0) {
            return new OnNode(status);
        }
        return status == PageStatus.NOT_PROCESSED ? NOT_PROCESSED : new Failed(-status);
    }

    /** The order of outputs: nodes first, by number; then errnos and words, by their text. */
    Comparator<Outcome> ORDER = (a, b) -> {
        if (a instanceof OnNode x && b instanceof OnNode y) {
            return Integer.compare(x.node, y.node);
        }
        if (a instanceof OnNode != b instanceof OnNode) {
            return a instanceof OnNode ? -1 : 1;
        }
        return a.toString().compareTo(b.toString());
    };

    /** On a node (≥ 0). */
    record OnNode(int node) implements Outcome {
        public OnNode {
            if (node < 0) {
                throw new IllegalArgumentException("node " + node + " is negative");
            }
        }

        @Override
        public String toString() {
            return Integer.toString(node);
        }
    }

    /**
     * Failed with this errno number (positive); named after the kernel's errno table, or "errno N"
     * for a number outside it.
     */
    record Failed(int number) implements Outcome {
        public Failed {
            if (number <= 0) {
                throw new IllegalArgumentException("errno " + number + " is not positive");
            }
        }

        /** The errno, or null for a number {@link Errno} does not know. */
        public Errno errno() {
            return Errno.ofOrNull(number);
        }

        @Override
        public String toString() {
            Errno e = errno();
            return e == null ? "errno " + number : e.name();
        }
    }

    /** The words a move or a placement reports beside nodes and errnos. */
    enum Word implements Outcome {
        MOVED("moved"), ALREADY("already"), NOT_MIGRATED("notMigrated"), NOT_PROCESSED("notProcessed"),
        ABSENT("absent");

        private final String text;

        Word(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
