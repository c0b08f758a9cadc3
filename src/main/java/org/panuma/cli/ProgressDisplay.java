package org.panuma.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import org.panuma.api.MoveProgress;

/**
 * The move's progress bar (me.tongfei:progressbar) on picocli's error writer: bytes decided,
 * MiB/s and ETA. Only on a terminal; elsewhere progress is silent.
 */
final class ProgressDisplay implements MoveProgress, AutoCloseable {
    private final ProgressBar bar;
    private final long pageSize;

    private ProgressDisplay(ProgressBar bar, long pageSize) {
        this.bar = bar;
        this.pageSize = pageSize;
    }

    /** A bar when {@code show}, else a progress that prints nothing. */
    static ProgressDisplay start(boolean show, PrintWriter err, long totalPages, long pageSize) {
        if (!show) {
            return new ProgressDisplay(null, pageSize);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName("moving").setInitialMax(totalPages * pageSize)
                .setUnit(" MiB", 1 << 20).showSpeed().setUpdateIntervalMillis(200)
                .setConsumer(new WriterConsumer(err)).build();
        return new ProgressDisplay(bar, pageSize);
    }

    @Override
    public void batchDone(long pagesDone, long pagesTotal, long pagesMoved) {
        if (bar != null) {
            bar.stepTo(pagesDone * pageSize);
            bar.setExtraMessage(pagesMoved + " pages moved");
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    /** Redraws the bar in place on a PrintWriter. */
    private static final class WriterConsumer implements ProgressBarConsumer {
        private final PrintWriter err;

        WriterConsumer(PrintWriter err) {
            this.err = err;
        }

        @Override
        public int getMaxRenderedLength() {
            return 100;
        }

        @Override
        public void accept(String rendered) {
            err.print('\r');
            err.print(rendered);
            err.flush();
        }

        @Override
        public void close() {
            err.println();
            err.flush();
        }
    }
}
