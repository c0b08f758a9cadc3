package org.panuma.engine.model;

import java.util.Arrays;

/** A growable list of ints: the kernel's list_head of pages, without an object per page. */
public final class IntList {
    private int[] items;
    private int size;

    public IntList() {
        this(16);
    }

    public IntList(int capacity) {
        items = new int[Math.max(4, capacity)];
    }

    public void add(int v) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = v;
    }

    public int get(int i) { return items[i]; }
    public void set(int i, int v) { items[i] = v; }
    public int size() { return size; }
    public boolean isEmpty() { return size == 0; }
    public void clear() { size = 0; }

    /** Keeps the first {@code n} items. */
    public void truncate(int n) { size = n; }

    public boolean contains(int v) {
        for (int i = 0; i < size; i++) {
            if (items[i] == v) {
                return true;
            }
        }
        return false;
    }

    public int[] toArray() {
        return Arrays.copyOf(items, size);
    }
}
