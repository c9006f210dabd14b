package io.spore.wire;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;

import java.util.List;
import java.util.Map;

/** Types and values the tests share. */
final class Samples {
    static final NodeName NODE = NodeName.parse("alpha@host-1.example");
    static final NodeName OTHER_NODE = NodeName.parse("beta@10.0.0.7");
    static final Pid PID = new Pid(NODE, 42, 1_700_000_001);
    static final Ref REF = new Ref(OTHER_NODE, 7, -5);

    enum Color {
        RED,
        GREEN {
            @Override
            public String toString() {
                return "green, with a body of its own";
            }
        }
    }

    record Point(int x, int y) {
    }

    record Everything(boolean flag, byte b, short s, int i, long l, float f, double d, char c, String text,
                      byte[] bytes, Pid pid, Color color, Point point, List<Object> items, Map<String, Object> attrs,
                      Object anything) {
    }

    record Positive(int n) {
        Positive {
            if (n <= 0) {
                throw new IllegalArgumentException("n must be positive: " + n);
            }
        }
    }

    record Node(String label, List<Node> children) {
    }

    private record Hidden(String secret) {
    }

    static Object hidden(String secret) {
        return new Hidden(secret);
    }

    static Class<?> hiddenType() {
        return Hidden.class;
    }

    static TypeRegistry registry() {
        TypeRegistry registry = new TypeRegistry();
        registry.register("test.color", Color.class);
        registry.register("test.point", Point.class);
        registry.register("test.everything", Everything.class);
        registry.register("test.positive", Positive.class);
        registry.register("test.node", Node.class);
        registry.register("test.hidden", Hidden.class);
        return registry;
    }

    private Samples() {
    }
}
