package io.spore.core.spi;

import io.spore.api.NodeName;
import io.spore.api.Pid;
import io.spore.api.Ref;
import io.spore.api.SporeException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The defaults that keep a router written for an earlier version of the SPI working. */
class RemoteRouterTest {
    private static final Pid FROM = new Pid(NodeName.parse("a@localhost"), 1, 1);
    private static final Pid TO = new Pid(NodeName.parse("b@localhost"), 2, 1);
    private static final Ref ACK = new Ref(NodeName.parse("a@localhost"), 3, 1);

    /** The calls of the older form, by a router that implements only that one (as routers of 2.1 do). */
    private final List<Object> olderForm = new ArrayList<>();
    private final RemoteRouter router = (RemoteRouter) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {RemoteRouter.class}, (InvocationHandler) (proxy, method, args) -> {
            if (method.getName().equals("sendImportant") && args.length == 4) {
                olderForm.add(args[2]);
                return null;
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            throw new UnsupportedOperationException(method.getName());
        });

    @Test
    void aSendWithoutADeliveryIdGoesToTheOlderForm() {
        router.sendImportant(FROM, TO, "hello", ACK, 0);
        assertEquals(List.of("hello"), olderForm);
    }

    @Test
    void aSendWithADeliveryIdIsRefusedBeforeAnythingIsSent() {
        SporeException refused = assertThrows(SporeException.class,
            () -> router.sendImportant(FROM, TO, "hello", ACK, 42));
        assertEquals(SporeException.Reason.NOT_SUPPORTED, refused.reason());
        assertTrue(refused.getMessage().contains("delivery id"), refused.getMessage());
        assertEquals(List.of(), olderForm);
    }
}
