package org.panuma.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panuma.spi.Errno;

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
    @CsvSource({
        "2.6.19, v2.6.19",
        "2.6.26.8, v2.6.19",
        "2.6.27.7, v2.6.27",
        "4.17.0, v6.1",
        "6.1.0-27-amd64, v6.1",
        "6.11.0, v6.1",
        "6.12.1, v6.12",
        "6.18.44-fc-v669, v6.12"})
    void profile_isChosenFromTheRelease(String release, String profile) {
        assertEquals(profile, KernelRelease.parse(release).profileName());
    }

    @ParameterizedTest
    @CsvSource({"'', ''", "linux, linux", "v6.1, v6.1"})
    void nonRelease_isRejectedNamingIt(String text, String named) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelRelease.parse(text));
        assertEquals(true, e.getMessage().contains("'" + named + "'"), e.getMessage());
    }
}
