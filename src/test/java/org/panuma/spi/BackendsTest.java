package org.panuma.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackendsTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(Backends.PROPERTY);
    }

    @Test
    void explicitRequest_winsOverTheSystemProperty() {
        System.setProperty(Backends.PROPERTY, "jna");
        assertEquals("sim", Backends.requested(" SIM "));
    }

    @Test
    void systemProperty_isUsedWithoutAnExplicitRequest() {
        System.setProperty(Backends.PROPERTY, "jna");
        assertEquals("jna", Backends.requested(null));
        assertEquals("jna", Backends.requested(""));
    }

    @Test
    void unknownBackend_isUnavailableAndListsTheChoices() {
        Availability a = Backends.availability("cuda");
        assertFalse(a.available());
        assertEquals("no backend named 'cuda'; choose one of [ffm, jna, sim] or auto", a.cause());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.open("cuda"));
        assertTrue(e.getMessage().startsWith("backend 'cuda' is unavailable: no backend named 'cuda'"), e.getMessage());
    }

    @Test
    void ffmFromAClassDirectory_isUnavailableWithAReason() {
        // Unit tests run on target/classes, which is not multi-release: FFM is invisible here and
        // must say so rather than fail obscurely. (The *IT tests use the jar, where it is found.)
        Availability a = Backends.availability("ffm");
        assertFalse(a.available());
        assertFalse(a.cause().isBlank());
    }

    @Test
    void autoNeverChoosesTheSimulator() {
        String choice = Backends.autoChoice();
        assertTrue(choice.equals("ffm") || choice.equals("jna"), choice);
    }
}
