package io.spore.jmx;

import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularType;
import java.util.Map;

/**
 * The open types the MBeans build their tables and composites from, so that a client needs only the JDK. An
 * {@link OpenDataException} here is a programming error (a type and its values disagree), hence unchecked.
 */
final class OpenTypes {
    private OpenTypes() {
    }

    /** @return a composite type whose items are described by their own names */
    static CompositeType composite(String name, String description, String[] items, OpenType<?>[] types) {
        try {
            return new CompositeType(name, description, items, items, types);
        } catch (OpenDataException e) {
            throw new IllegalStateException("bad composite type " + name, e);
        }
    }

    /** @return a table of {@code row}, indexed by {@code index} */
    static TabularType table(String name, String description, CompositeType row, String... index) {
        try {
            return new TabularType(name, description, row, index);
        } catch (OpenDataException e) {
            throw new IllegalStateException("bad tabular type " + name, e);
        }
    }

    /** @return one row or composite of {@code type} */
    static CompositeData row(CompositeType type, Map<String, ?> values) {
        try {
            return new CompositeDataSupport(type, values);
        } catch (OpenDataException e) {
            throw new IllegalStateException("values do not fit " + type.getTypeName() + ": " + values, e);
        }
    }

    /** @return {@code value} as text, or the empty string for {@code null} (open data has no nulls in tables) */
    static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
