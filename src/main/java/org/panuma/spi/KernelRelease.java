package org.panuma.spi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel release string ({@code uname -r}: "6.1.0-27-amd64", "6.18.44-fc-v669", "2.6.27.7")
 * as a comparable version. Pure.
 */
public record KernelRelease(int major, int minor, int patch, String text) implements Comparable<KernelRelease> {
    private static final Pattern VERSION = Pattern.compile("^(\\d{1,6})\\.(\\d{1,6})(?:\\.(\\d{1,6}))?(?!\\d)");

    /** @throws IllegalArgumentException naming the text when it does not start with "X.Y" */
    public static KernelRelease parse(String release) {
        Matcher m = VERSION.matcher(release.strip());
        if (!m.find()) {
            throw new IllegalArgumentException(Printable.quote(release) + " is not a kernel release (expected e.g. 6.1.0-27-amd64)");
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return new KernelRelease(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch, release.strip());
    }

    public boolean atLeast(int maj, int min) {
        return major > maj || (major == maj && minor >= min);
    }

    /**
     * The status move_pages gives a mapped but never-touched anonymous page: -EFAULT from 4.3
     * (follow_page returns no page, do_pages_stat/add_page_for_migration report -EFAULT) to
     * 6.11; 6.12 reports -ENOENT (the folio_walk rewrite of do_pages_stat).
     */
    public Errno neverTouchedAnonymousPage() {
        return atLeast(6, 12) ? Errno.ENOENT : Errno.EFAULT;
    }

    @Override
    public int compareTo(KernelRelease o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }
}
