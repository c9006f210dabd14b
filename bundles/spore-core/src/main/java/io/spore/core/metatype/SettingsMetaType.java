package io.spore.core.metatype;

import io.spore.api.config.SporeProperty;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeProvider;
import org.osgi.service.metatype.ObjectClassDefinition;

import java.io.InputStream;
import java.util.Dictionary;
import java.util.Hashtable;

/**
 * A {@link SettingsDescription} as the Metatype service reads it: a provider with one object class, whose id is the
 * PID, and one attribute per setting.
 *
 * <p>Loaded only where the bundle's optional import of {@code org.osgi.service.metatype} is wired
 * ({@link SettingsDescription#register}). Texts are in English only: the descriptions come from
 * {@code SporeProperties}, which has no translations.
 *
 * <p>Threading: immutable.
 */
final class SettingsMetaType implements MetaTypeProvider, ObjectClassDefinition {
    private final SettingsDescription description;
    private final AttributeDefinition[] attributes;

    SettingsMetaType(SettingsDescription description) {
        this.description = description;
        this.attributes = description.settings().stream().map(setting -> new SettingAttribute(setting,
            description.help(setting))).toArray(AttributeDefinition[]::new);
    }

    static ServiceRegistration<?> register(BundleContext context, SettingsDescription description) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(MetaTypeProvider.METATYPE_PID, description.pid());
        return context.registerService(MetaTypeProvider.class, new SettingsMetaType(description), properties);
    }

    @Override
    public ObjectClassDefinition getObjectClassDefinition(String id, String locale) {
        return description.pid().equals(id) ? this : null;
    }

    @Override
    public String[] getLocales() {
        return null; // no localisation
    }

    @Override
    public String getName() {
        return description.name();
    }

    @Override
    public String getID() {
        return description.pid();
    }

    @Override
    public String getDescription() {
        return description.description();
    }

    /** Every setting is optional: absent, it is the framework property's, or its default. */
    @Override
    public AttributeDefinition[] getAttributeDefinitions(int filter) {
        return filter == REQUIRED ? null : attributes.clone();
    }

    @Override
    public InputStream getIcon(int size) {
        return null;
    }

    /** One setting: its name is its key, its type and default its reader's, its validation its reader. */
    private static final class SettingAttribute implements AttributeDefinition {
        private final SporeProperty<?> setting;
        private final String help;

        SettingAttribute(SporeProperty<?> setting, String help) {
            this.setting = setting;
            this.help = help;
        }

        @Override
        public String getName() {
            // The key itself: what an administrator writes in etc/PID.cfg or types in config:property-set.
            return setting.name();
        }

        @Override
        public String getID() {
            return setting.name();
        }

        @Override
        public String getDescription() {
            return help;
        }

        @Override
        public int getCardinality() {
            return 0;
        }

        @Override
        public int getType() {
            return switch (setting.kind()) {
                case INTEGER, MILLIS -> INTEGER;
                case FLAG -> BOOLEAN;
                case TEXT, PATH -> STRING;
            };
        }

        @Override
        public String[] getOptionValues() {
            return null;
        }

        @Override
        public String[] getOptionLabels() {
            return null;
        }

        /** @return "" when the reader takes {@code value}, else its one-line reason */
        @Override
        public String validate(String value) {
            try {
                setting.read(name -> name.equals(setting.name()) ? value : null);
                return "";
            } catch (RuntimeException e) {
                return e.getMessage();
            }
        }

        @Override
        public String[] getDefaultValue() {
            String text = setting.defaultText();
            return text == null ? null : new String[] {text};
        }
    }
}
