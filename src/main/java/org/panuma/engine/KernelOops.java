package org.panuma.engine;

/**
 * The modelled kernel would oops here (a BUG or a NULL dereference the seed's code reaches): the
 * system call never returns, the caller is killed, and the machine is left with the locks it held.
 * Not a fault of the model: the kernel's answer is the oops, and a scenario reports it as such.
 */
public final class KernelOops extends RuntimeException {
    public KernelOops(String what) {
        super(what);
    }
}
