package org.panuma.api;

/** Told after every batch of a move; called on the moving thread. */
@FunctionalInterface
public interface MoveProgress {
    MoveProgress NONE = (done, total, moved) -> { };

    /**
     * @param pagesDone  pages decided so far
     * @param pagesTotal pages requested
     * @param pagesMoved pages moved so far
     */
    void batchDone(long pagesDone, long pagesTotal, long pagesMoved);
}
