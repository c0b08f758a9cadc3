package org.panuma.api;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Memory policy and CPU affinity belong to the OS thread. A virtual thread (Java 21+) moves
 * between carrier threads, so a policy set from it would stay behind on a carrier and bind some
 * other virtual thread: refuse. Found by reflection because the api compiles for Java 17.
 */
final class ThreadCheck {
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private ThreadCheck() {
    }

    static void requirePlatformThread(String what) {
        if (isVirtual(Thread.currentThread())) {
            throw new IllegalStateException(what + " needs a platform thread: memory policy and CPU affinity"
                    + " belong to the OS thread, and a virtual thread moves between carrier threads");
        }
    }

    private static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            throw new IllegalStateException("Thread.isVirtual failed", e);
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // Java 17-20: every thread is a platform thread
        }
    }
}
