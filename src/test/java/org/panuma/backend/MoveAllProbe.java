package org.panuma.backend;

import org.panuma.spi.Backends;
import org.panuma.spi.Mpol;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.SyscallException;

/**
 * Run as a child process by {@link MoveAllWithoutCapSysNiceIT} with CAP_SYS_NICE dropped:
 * moves one of its own pages with MPOL_MF_MOVE_ALL and prints "returned N" or the errno's name.
 */
public final class MoveAllProbe {
    private MoveAllProbe() {
    }

    public static void main(String[] args) {
        NumaSyscalls sys = Backends.open(args[0]);
        try (AnonymousMapping m = new AnonymousMapping(sys, 1)) {
            m.touchAll();
            int node = sys.topology().withMemory().first();
            long r = sys.movePages(0, m.addresses(), new int[] {node}, new int[1], 0, 1, Mpol.MPOL_MF_MOVE_ALL);
            System.out.println("returned " + r);
        } catch (SyscallException e) {
            System.out.println(e.errno().name());
        }
    }
}
