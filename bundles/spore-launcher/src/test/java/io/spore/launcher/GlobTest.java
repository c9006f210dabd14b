package io.spore.launcher;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobTest {
    @Test
    void starMatchesAnyRunIncludingSlashes() {
        Glob glob = Glob.of("o*");
        assertTrue(glob.matches("o1"));
        assertTrue(glob.matches("o"));
        assertFalse(glob.matches("p1"));
        assertTrue(Glob.of("github.com/relab/*").matches("github.com/relab/goxos/kvs/kvsd"));
    }

    @Test
    void questionMarkAndSets() {
        assertTrue(Glob.of("p?").matches("p4"));
        assertFalse(Glob.of("p?").matches("p10"));
        assertTrue(Glob.of("[op][1-3]").matches("o2"));
        assertFalse(Glob.of("[op][1-3]").matches("o4"));
        assertTrue(Glob.of("[!o]*").matches("p1"));
        assertFalse(Glob.of("[^o]*").matches("o1"));
    }

    @Test
    void regexCharactersAreLiteral() {
        assertTrue(Glob.of("a.b+c").matches("a.b+c"));
        assertFalse(Glob.of("a.b").matches("axb"));
        assertTrue(Glob.of("a\\*").matches("a*"));
        assertFalse(Glob.of("a\\*").matches("ab"));
    }

    @Test
    void emptyOrNullMatchesEverything() {
        assertTrue(Glob.of(null).matches("anything/at/all"));
        assertEquals("*", Glob.of("").toString());
    }

    @Test
    void unclosedBracketIsAnError() {
        LaunchException e = assertThrows(LaunchException.class, () -> Glob.of("o[12"));
        assertTrue(e.getMessage().contains("is not closed"), e.getMessage());
    }
}
