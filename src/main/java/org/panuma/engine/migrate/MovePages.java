package org.panuma.engine.migrate;

import org.panuma.engine.model.Machine;

/**
 * move_pages(2) under the machine's profile: the seeds' sys_move_pages or kernel_move_pages of
 * 4.17+. The calling task is {@link Machine#current()}.
 */
public final class MovePages {
    private MovePages() {
    }

    public static SyscallResult call(Machine m, MovePagesArgs args) {
        long rc = m.profile().isSeed() ? SysMovePagesSeed.call(m, args) : KernelMovePages.call(m, args);
        return SyscallResult.of(rc);
    }
}
