package org.panuma.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KernelReleaseTest {

    @ParameterizedTest
    @CsvSource({
        "6.1.0-27-amd64, EFAULT",
        "6.11.9, EFAULT",
        "4.17.0, EFAULT",
        "6.12.0, ENOENT",
        "6.18.44-fc-v669, ENOENT",
        "7.0.1, ENOENT"})
    void neverTouchedAnonymousPage_isEfaultBefore612_andEnoentFrom612(String release, Errno expected) {
        assertEquals(expected, KernelRelease.parse(release).neverTouchedAnonymousPage());
    }

    @ParameterizedTest
    @CsvSource({"'', ''", "linux, linux", "v6.1, v6.1"})
    void nonRelease_isRejectedNamingIt(String text, String named) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelRelease.parse(text));
        assertEquals(true, e.getMessage().contains("'" + named + "'"), e.getMessage());
    }
}
