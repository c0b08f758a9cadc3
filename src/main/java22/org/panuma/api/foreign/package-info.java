/**
 * Node-bound memory as {@link java.lang.foreign.MemorySegment}s, for JDK 23 and later.
 *
 * <p><b>Why a package of its own, in the jar's Java 23 layer.</b> The api compiles for Java 17,
 * where {@code java.lang.foreign} does not exist, and only backend packages may touch native
 * memory. A public API whose signatures name {@code Arena} and {@code MemorySegment} therefore
 * lives here, in {@code src/main/java22} (compiled into {@code META-INF/versions/23}), and builds
 * on {@link org.panuma.api.NodeMemory}, which allocates, places and guards the memory on every
 * JDK. This package and {@code org.panuma.backend.ffm} are the only ones that import
 * {@code java.lang.foreign}; this one never makes a downcall, it only gives addresses a segment
 * view (one restricted method: {@code MemorySegment.reinterpret}).
 *
 * <p>On JDK 17–21 the same placements come as direct ByteBuffers from
 * {@link org.panuma.api.NodeMemory}.
 */
package org.panuma.api.foreign;
