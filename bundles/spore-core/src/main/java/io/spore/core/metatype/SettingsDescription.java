package io.spore.core.metatype;

import io.spore.api.config.SporeProperty;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What consoles (the Felix web console, Karaf's {@code config:} commands) show of one Configuration Admin PID: its
 * name and help, and each setting's name, type, default and help, all built from {@link SporeProperty}, so that the
 * one home of the settings is also the only source of their descriptions. Each setting's help ends with when a change
 * to it applies.
 *
 * <p>Names no Metatype type, so a bundle may hold one without the Metatype API; {@link #register} publishes it as a
 * {@code MetaTypeProvider} service only where that API is wired. The transport and JMX bundles carry their own copy
 * of this package (bnd's {@code Private-Package}), so each publishes its description through its own wiring.
 *
 * @param pid         the configuration's PID
 * @param name        its name in a console
 * @param description what it configures and when changes apply
 * @param settings    the settings it may hold, in the order a console lists them
 * @param live        the settings that apply at once
 * @param whenLive    the sentence that ends the help of a setting in {@code live}
 * @param otherwise   the sentence that ends the help of any other
 */
public record SettingsDescription(String pid, String name, String description, List<SporeProperty<?>> settings,
                                  Set<SporeProperty<?>> live, String whenLive, String otherwise) {
    /** Copies the lists. */
    public SettingsDescription {
        settings = List.copyOf(settings);
        live = Set.copyOf(live);
    }

    /**
     * Publishes this description as a {@code MetaTypeProvider} service with the property {@code metatype.pid}, where
     * the Metatype service finds it, if the bundle's optional import of {@code org.osgi.service.metatype} is wired.
     *
     * @param context the describing bundle's context: the configuration's own bundle
     * @return the registration, to unregister when the bundle stops, or {@code null} when the API is not wired
     */
    public ServiceRegistration<?> register(BundleContext context) {
        try {
            context.getBundle().loadClass("org.osgi.service.metatype.MetaTypeProvider");
        } catch (ClassNotFoundException e) {
            return null; // no Metatype here: consoles show the keys without help
        }
        return SettingsMetaType.register(context, this);
    }

    /**
     * @param setting one of {@link #settings()}
     * @return its help: what it means, what text it takes, and when a change applies
     */
    public String help(SporeProperty<?> setting) {
        String meaning = setting.meaning();
        StringBuilder help = new StringBuilder(meaning.substring(0, 1).toUpperCase(Locale.ROOT))
            .append(meaning.substring(1)).append('.');
        String form = form(setting);
        if (!form.isEmpty()) {
            help.append(' ').append(form);
        }
        return help.append(' ').append(live.contains(setting) ? whenLive : otherwise).toString();
    }

    private static String form(SporeProperty<?> setting) {
        String atMost = setting.max() == Integer.MAX_VALUE ? "" : " and at most " + setting.max();
        return switch (setting.kind()) {
            case INTEGER -> "A whole number, at least " + setting.min() + atMost + ".";
            case MILLIS -> "Milliseconds, at least " + setting.min() + atMost + ".";
            case FLAG -> "true or false.";
            case PATH -> "A file or folder (a leading ~ is the node's user's home).";
            case TEXT -> "";
        };
    }
}
