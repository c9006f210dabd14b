package io.spore.transport.osgi;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageTypesHeaderTest {
    private static MessageTypesHeader.Entry entry(String wireName, String className) {
        return new MessageTypesHeader.Entry(wireName, className);
    }

    @Test
    void goodEntriesAreReadInOrder() {
        MessageTypesHeader.Parsed parsed = MessageTypesHeader.parse(
            "shop.order=com.example.shop.Order,shop.status=com.example.shop.Status,"
                + "a_b-c/d:e=com.example.Outer$Inner,x=Top");
        assertEquals(List.of(entry("shop.order", "com.example.shop.Order"),
            entry("shop.status", "com.example.shop.Status"), entry("a_b-c/d:e", "com.example.Outer$Inner"),
            entry("x", "Top")), parsed.entries());
        assertEquals(List.of(), parsed.problems());
    }

    @Test
    void spacesAroundEntriesNamesAndTheEqualsSignAndEmptyEntriesAreIgnored() {
        MessageTypesHeader.Parsed parsed = MessageTypesHeader.parse(
            "  shop.order = com.example.shop.Order ,\n\tshop.status\t=com.example.shop.Status, ,");
        assertEquals(List.of(entry("shop.order", "com.example.shop.Order"),
            entry("shop.status", "com.example.shop.Status")), parsed.entries());
        assertEquals(List.of(), parsed.problems());
    }

    @Test
    void nothingDeclaresNothing() {
        assertEquals(new MessageTypesHeader.Parsed(List.of(), List.of()), MessageTypesHeader.parse(null));
        assertEquals(new MessageTypesHeader.Parsed(List.of(), List.of()), MessageTypesHeader.parse("  "));
    }

    @Test
    void malformedEntriesAreSkippedEachWithOneProblemQuotingItAndTheOthersCount() {
        MessageTypesHeader.Parsed parsed = MessageTypesHeader.parse(String.join(",",
            "com.example.NoName",          // no '='
            "=com.example.Empty",          // empty wire name
            "-bad=com.example.Dash",       // wire name starts with '-'
            "sp ace=com.example.Space",    // a space inside the wire name
            "shop.order=",                 // no class
            "shop.x=com..example.X",       // empty package segment
            "shop.y=com.example.1Y",       // not an identifier
            "shop.z=com.example.Z;v=1",    // not a class name
            "shop.ok=com.example.Ok",
            "shop.ok=com.example.Other"));  // the wire name again
        assertEquals(List.of(entry("shop.ok", "com.example.Ok")), parsed.entries());
        List<String> problems = parsed.problems();
        assertEquals(9, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("'com.example.NoName' has no '='"), problems.get(0));
        assertTrue(problems.get(1).contains("wire name is empty"), problems.get(1));
        assertTrue(problems.get(2).contains("'-bad' is not a valid wire name"), problems.get(2));
        assertTrue(problems.get(3).contains("'sp ace' is not a valid wire name"), problems.get(3));
        assertTrue(problems.get(4).startsWith("'shop.order='"), problems.get(4));
        assertTrue(problems.get(5).contains("'com..example.X' is not a fully qualified class name"), problems.get(5));
        assertTrue(problems.get(6).contains("'com.example.1Y'"), problems.get(6));
        assertTrue(problems.get(7).contains("'com.example.Z;v=1'"), problems.get(7));
        assertTrue(problems.get(8).contains("'shop.ok' is declared already"), problems.get(8));
        problems.forEach(problem -> assertTrue(!problem.contains("\n"), problem));
    }
}
