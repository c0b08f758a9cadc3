package org.panuma.spi;

/** What getcpu(2) reports: the CPU the calling thread runs on, and that CPU's node. */
public record CpuAndNode(int cpu, int node) {
}
