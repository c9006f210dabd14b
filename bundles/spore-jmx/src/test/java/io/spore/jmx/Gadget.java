package io.spore.jmx;

import javax.management.Notification;
import javax.management.NotificationFilter;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/**
 * Stands for a deserialization gadget: building one on the server is the side effect an attacker wants (a real chain
 * runs a command there). Any class the connector admits could be one, so none but the few it needs may be built.
 */
final class Gadget implements Serializable, NotificationFilter {
    private static final long serialVersionUID = 1L;
    /** Set when an instance is read from a stream: the gadget went off. */
    static volatile boolean wentOff;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        wentOff = true;
    }

    @Override
    public boolean isNotificationEnabled(Notification notification) {
        return true;
    }
}
