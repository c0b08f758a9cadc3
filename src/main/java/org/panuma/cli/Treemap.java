package org.panuma.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A squarified treemap (Bruls, Huizing and van Wijk, "Squarified Treemaps", 2000): lays out
 * rectangles whose areas are proportional to the given weights inside one rectangle, keeping
 * each as close to a square as the greedy row rule allows, so that sizes can be compared by eye.
 * Pure geometry: weights in, rectangles out, in the same order.
 */
final class Treemap {
    /** A laid-out rectangle. */
    record Box(double x, double y, double w, double h) {
        double area() {
            return w * h;
        }
    }

    private Treemap() {
    }

    /**
     * Rectangles for {@code weights} (non-negative, sorted largest first, for the best aspect
     * ratios) filling the {@code width} x {@code height} rectangle at (x, y) in proportion.
     */
    static List<Box> layout(List<Long> weights, double x, double y, double width, double height) {
        List<Box> boxes = new ArrayList<>();
        double total = 0;
        for (long w : weights) {
            if (w < 0) {
                throw new IllegalArgumentException("a negative weight: " + w);
            }
            total += w;
        }
        if (weights.isEmpty() || total == 0) {
            weights.forEach(w -> boxes.add(new Box(x, y, 0, 0)));
            return boxes;
        }
        double scale = width * height / total;
        List<Double> areas = new ArrayList<>();
        weights.forEach(w -> areas.add(w * scale));
        double cx = x;
        double cy = y;
        double cw = width;
        double ch = height;
        int i = 0;
        while (i < areas.size()) {
            double side = Math.min(cw, ch);
            int end = i + 1;
            double sum = areas.get(i);
            while (end < areas.size() && worst(areas, i, end + 1, sum + areas.get(end), side)
                    <= worst(areas, i, end, sum, side)) {
                sum += areas.get(end);
                end++;
            }
            // The row lies along the shorter side; its thickness makes its area exact.
            double thickness = side == 0 ? 0 : sum / side;
            double at = 0;
            for (int k = i; k < end; k++) {
                double length = sum == 0 ? 0 : side * areas.get(k) / sum;
                if (cw >= ch) {
                    boxes.add(new Box(cx, cy + at, thickness, length));
                } else {
                    boxes.add(new Box(cx + at, cy, length, thickness));
                }
                at += length;
            }
            if (cw >= ch) {
                cx += thickness;
                cw = Math.max(0, cw - thickness);
            } else {
                cy += thickness;
                ch = Math.max(0, ch - thickness);
            }
            i = end;
        }
        return boxes;
    }

    /** The worst aspect ratio of the row areas[from, to) of total {@code sum} along {@code side}. */
    private static double worst(List<Double> areas, int from, int to, double sum, double side) {
        double max = 0;
        double min = Double.MAX_VALUE;
        for (int k = from; k < to; k++) {
            max = Math.max(max, areas.get(k));
            min = Math.min(min, areas.get(k));
        }
        if (min == 0 || sum == 0) {
            return Double.MAX_VALUE;
        }
        double s2 = side * side;
        double sum2 = sum * sum;
        return Math.max(s2 * max / sum2, sum2 / (s2 * min));
    }
}
