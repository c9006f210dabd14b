package io.spore.core.application;

import io.spore.core.spi.StartType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApplicationHeaderTest {
    @Test
    void readsEveryAttribute() {
        ApplicationHeader.Declaration declared = ApplicationHeader.parse(" shop ; supervisor=com.example.Root ;"
            + " start-type=PERMANENT; env=app/shop.properties; env.currency=EUR; env.motto=\"a; b\"");
        assertEquals("shop", declared.name());
        assertEquals("com.example.Root", declared.supervisorClass());
        assertEquals(StartType.PERMANENT, declared.startType());
        assertEquals("app/shop.properties", declared.envResource());
        assertEquals(Map.of("currency", "EUR", "motto", "a; b"), declared.env());
    }

    @Test
    void aTemporaryApplicationWithNoEnvironmentByDefault() {
        ApplicationHeader.Declaration declared = ApplicationHeader.parse("shop;supervisor=Root");
        assertEquals(StartType.TEMPORARY, declared.startType());
        assertNull(declared.envResource());
        assertTrue(declared.env().isEmpty());
    }

    @Test
    void eachMistakeIsOneLineSayingWhatToFix() {
        assertMalformed("", "no application name");
        assertMalformed("supervisor=com.example.Root", "put the application's name first");
        assertMalformed("a, b; supervisor=X", "more than one application");
        assertMalformed("bad name; supervisor=X", "not a valid application name");
        assertMalformed("shop", "add supervisor=CLASS");
        assertMalformed("shop; supervisor=com..Root", "not a fully qualified class name");
        assertMalformed("shop; supervisor=X; start-type=forever", "not one of permanent, transient, temporary");
        assertMalformed("shop; supervisor=X; supervisor=Y", "given twice");
        assertMalformed("shop; supervisor=X; colour=red", "unknown attribute 'colour'");
        assertMalformed("shop; supervisor=X; env=", "names no resource");
        assertMalformed("shop; supervisor=X; env.a=\"open", "not closed");
        assertMalformed("shop; supervisor", "is not an attribute");
    }

    private static void assertMalformed(String header, String expected) {
        ApplicationHeader.Malformed refused = assertThrows(ApplicationHeader.Malformed.class,
            () -> ApplicationHeader.parse(header), header);
        assertTrue(refused.getMessage().contains(expected), header + ": " + refused.getMessage());
        assertTrue(!refused.getMessage().contains("\n"), refused.getMessage());
    }
}
