package io.spore.core.spi;

import java.util.Locale;

/**
 * What the end of an application's root supervisor means for its node (OTP's application start types). The end of a
 * tree its bundle stops is never a failure.
 */
public enum StartType {
    /** The node stops (logged at ERROR, a non-zero exit of {@code spore node}): the node is useless without it. */
    PERMANENT,
    /** Logged at ERROR when it ends abnormally, at INFO otherwise; the node keeps running. */
    TRANSIENT,
    /** Logged; the node keeps running. The default. */
    TEMPORARY;

    /** @return the name as the manifest header writes it, {@code permanent} */
    public String headerValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
