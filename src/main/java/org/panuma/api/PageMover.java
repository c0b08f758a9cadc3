package org.panuma.api;

import org.panuma.spi.NumaSyscalls;

/**
 * Moves a list of pages to one node in bounded batches, the way a live process should be treated:
 * each batch is queried (so pages already there cost nothing and are reported as such), the rest
 * moved with one move_pages call, and pages the kernel could not take yet are tried again a
 * bounded number of times. The stop signal and the throttle act between batches only. While a
 * flight recorder runs, every move is recorded as a JFR {@link MoveEvent}. A process's pages are
 * better moved with {@link ProcessMemory#move}, which plans from one query (or numa_maps) and so
 * hands each page to the kernel about half as often.
 */
public final class PageMover {
    private final NumaSyscalls sys;

    public PageMover(NumaSyscalls sys) {
        this.sys = sys;
    }

    /**
     * Moves the pages and reports each one's outcome.
     *
     * @throws org.panuma.spi.SyscallException ESRCH when the process exited during the move, or
     *                                         the error that failed a call as a whole
     */
    public MoveReport move(int pid, long[] addresses, int targetNode, MoveOptions options, MoveProgress progress) {
        MovePipeline.Result r = new MovePipeline(sys).move(pid, addresses, null, targetNode, options, 1, progress,
                BatchStep.Guard.NONE);
        if (r.targetExited()) {
            throw r.esrch();
        }
        return r.report();
    }
}
