package io.spore.testsupport;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a console reads of a configuration: the attributes of a PID's object class, as the Metatype service of an
 * embedded framework gives them. Reached by reflection, since the Metatype API's classes are the Metatype bundle's,
 * not the test's.
 */
public final class MetaTypes {
    private MetaTypes() {
    }

    /**
     * One attribute.
     *
     * @param id           its id, the configuration key
     * @param type         its {@code AttributeDefinition} type ({@code 1} String, {@code 3} Integer, {@code 11}
     *                     Boolean)
     * @param defaultValue its default, or {@code null} for none
     * @param description  its help
     */
    public record Attribute(String id, int type, String defaultValue, String description) {
    }

    /**
     * @param context a context of the framework, to find its Metatype service with
     * @param bundle  the bundle that describes {@code pid}
     * @param pid     the configuration's PID
     * @return the attributes by id, in the order the object class lists them; empty while there is no description
     * @throws AssertionError when the framework has no Metatype service
     */
    public static Map<String, Attribute> attributes(BundleContext context, Bundle bundle, String pid) {
        ServiceReference<?>[] references;
        try {
            // All, not only those whose API class the caller shares: the test's class path may hold its own copy.
            references = context.getAllServiceReferences("org.osgi.service.metatype.MetaTypeService", null);
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
        if (references == null) {
            throw new AssertionError("no Metatype service runs in the framework");
        }
        ServiceReference<?> reference = references[0];
        Object service = context.getService(reference);
        try {
            Bundle metatype = reference.getBundle();
            Class<?> serviceType = metatype.loadClass("org.osgi.service.metatype.MetaTypeService");
            Class<?> providerType = metatype.loadClass("org.osgi.service.metatype.MetaTypeProvider");
            Class<?> classType = metatype.loadClass("org.osgi.service.metatype.ObjectClassDefinition");
            Class<?> attributeType = metatype.loadClass("org.osgi.service.metatype.AttributeDefinition");
            Object information = serviceType.getMethod("getMetaTypeInformation", Bundle.class).invoke(service, bundle);
            Object definition = information == null ? null : providerType
                .getMethod("getObjectClassDefinition", String.class, String.class).invoke(information, pid, null);
            Map<String, Attribute> attributes = new LinkedHashMap<>();
            if (definition == null) {
                return attributes;
            }
            // ObjectClassDefinition.ALL
            Object[] definitions = (Object[]) classType.getMethod("getAttributeDefinitions", int.class)
                .invoke(definition, -1);
            Method id = attributeType.getMethod("getID");
            Method type = attributeType.getMethod("getType");
            Method defaults = attributeType.getMethod("getDefaultValue");
            Method description = attributeType.getMethod("getDescription");
            for (Object attribute : definitions) {
                String[] given = (String[]) defaults.invoke(attribute);
                String name = (String) id.invoke(attribute);
                attributes.put(name, new Attribute(name, (Integer) type.invoke(attribute),
                    given == null || given.length == 0 ? null : given[0], (String) description.invoke(attribute)));
            }
            return attributes;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read the description of " + pid + ": " + e, e);
        } finally {
            context.ungetService(reference);
        }
    }
}
