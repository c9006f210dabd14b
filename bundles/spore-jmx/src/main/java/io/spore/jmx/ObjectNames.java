package io.spore.jmx;

import io.spore.api.NodeName;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** The names of a node's MBeans: domain {@value #DOMAIN}, {@code type=...,name=<node>}. */
final class ObjectNames {
    /** The domain of every Spore MBean. */
    static final String DOMAIN = "io.spore";

    private ObjectNames() {
    }

    /** @return {@code io.spore:type=TYPE,name=NODE}, the node name quoted when it holds characters JMX reserves */
    static ObjectName of(String type, NodeName node) {
        String name = node.toString();
        String value = name.matches("[A-Za-z0-9_.@\\-/]+") ? name : ObjectName.quote(name);
        try {
            return new ObjectName(DOMAIN + ":type=" + type + ",name=" + value);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("no MBean name can be made for node " + name + ": " + e.getMessage(), e);
        }
    }
}
