package org.panuma.engine.migrate;

import org.panuma.spi.Errno;

/** Kernel return codes as the algorithms use them: 0 or a negative errno. */
public final class Rc {
    private Rc() {
    }

    public static final int SUCCESS = 0;
    public static final int EPERM = -Errno.EPERM.number();
    public static final int ENOENT = -Errno.ENOENT.number();
    public static final int ESRCH = -Errno.ESRCH.number();
    public static final int EIO = -Errno.EIO.number();
    public static final int E2BIG = -Errno.E2BIG.number();
    public static final int EAGAIN = -Errno.EAGAIN.number();
    public static final int ENOMEM = -Errno.ENOMEM.number();
    public static final int EACCES = -Errno.EACCES.number();
    public static final int EFAULT = -Errno.EFAULT.number();
    public static final int EBUSY = -Errno.EBUSY.number();
    public static final int ENODEV = -Errno.ENODEV.number();
    public static final int EINVAL = -Errno.EINVAL.number();

    /** "-EAGAIN", "0", "1" (a node). */
    public static String name(int rc) {
        return org.panuma.engine.explain.Explainer.statusName(rc);
    }
}
