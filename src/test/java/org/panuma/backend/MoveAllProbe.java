package org.panuma.backend;

import org.panuma.spi.Backends;
import org.panuma.spi.Mpol;
import org.panuma.spi.NumaSyscalls;
import org.panuma.spi.SyscallException;

/**
 * Run as a child process by {@link MoveAllWithoutCapSysNiceIT} with CAP_SYS_NICE dropped:
 * moves one of its own pages with MPOL_MF_MOVE_ALL and prints "returned N" or the errno's name.
 * With a second argument "bind" it binds the page with the library's {@code BindMode.MOVE_ALL}
 * instead (mbind), and prints the errno's name and the message on the line before it.
 */
public final class MoveAllProbe {
    private MoveAllProbe() {
    }

    public static void main(String[] args) {
        NumaSyscalls sys = Backends.open(args[0]);
        try (AnonymousMapping m = new AnonymousMapping(sys, 1)) {
            m.touchAll();
            int node = sys.topology().withMemory().first();
            if (args.length > 1 && args[1].equals("bind")) {
                org.panuma.api.Numa.of(sys).pages().bind(m.addresses()[0], sys.pageSize(),
                        org.panuma.api.MemoryPolicy.bind(node), org.panuma.api.BindMode.MOVE_ALL);
                System.out.println("returned 0");
                return;
            }
            long r = sys.movePages(0, m.addresses(), new int[] {node}, new int[1], 0, 1, Mpol.MPOL_MF_MOVE_ALL);
            System.out.println("returned " + r);
        } catch (SyscallException e) {
            System.out.println(e.getMessage());
            System.out.println(e.errno().name());
        }
    }
}
