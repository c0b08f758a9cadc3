package org.panuma.spi;

/**
 * Automatic NUMA balancing ({@code /proc/sys/kernel/numa_balancing}), which can move pages back
 * after panuma moves them.
 */
public enum NumaBalancing {
    OFF, ON, UNKNOWN
}
