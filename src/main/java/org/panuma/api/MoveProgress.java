package org.panuma.api;

/** Told after every batch of a move; called on the moving thread. */
@FunctionalInterface
public interface MoveProgress {
    /** Tells nobody. */
    MoveProgress NONE = (done, total, moved) -> { };

    /**
     * One batch is done. <pre>{@code (done, total, moved) -> bar.update(done, total)}</pre>
     *
     * @param pagesDone  pages decided so far
     * @param pagesTotal pages requested
     * @param pagesMoved pages moved so far
     */
    void batchDone(long pagesDone, long pagesTotal, long pagesMoved);
}
