package org.panuma.api;

/**
 * A shell-style glob ({@code *} any run of characters, {@code /} included; {@code ?} one
 * character; everything else literal) matched without backtracking over earlier stars: on a
 * mismatch only the last star seen takes one more character, so a match costs at most
 * path length times pattern length steps, never the exponential blow-up a regex of {@code .*}s
 * has on long paths (a 3.6 KiB path and {@code *lib*lib*lib*.so*} took over a minute that way).
 */
final class Glob {
    private final String pattern;

    Glob(String pattern) {
        this.pattern = pattern;
    }

    boolean matches(String text) {
        int p = 0;
        int t = 0;
        int star = -1; // pattern index just after the last star seen
        int resume = 0; // text index that star currently stops at
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = ++p;
                resume = t;
            } else if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (star >= 0) {
                // Every earlier star can stay where it is: whatever the later part needs, the last
                // star can absorb, so only it moves on.
                p = star;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
