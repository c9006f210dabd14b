package io.spore.registry.service;

/**
 * The bounds of the registry's messages (see the schema's header comment), checked by every reader before it
 * allocates, so a hostile client cannot make a member allocate more than these allow.
 */
public final class WireLimits {
    /** Longest text (node name, endpoint, spawn name, global name, group) in bytes. */
    public static final int MAX_TEXT_BYTES = 255;
    /** Longest detail text in a response, in bytes. */
    public static final int MAX_DETAIL_BYTES = 1024;
    /** Most endpoints a node may announce. */
    public static final int MAX_ENDPOINTS = 16;
    /** Most spawn names a node may offer. */
    public static final int MAX_SPAWN_NAMES = 256;

    private WireLimits() {
    }
}
