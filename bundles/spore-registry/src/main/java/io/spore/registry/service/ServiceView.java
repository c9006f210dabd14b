package io.spore.registry.service;

import java.util.List;

/**
 * What the registry's state holds, as its service last published it for other threads (JMX, a status command).
 * Immutable.
 *
 * @param sessions the cluster sessions open, joined as a node or not
 * @param nodes    the joined nodes' names
 * @param names    the global names held
 * @param groups   the groups with members
 * @param version  the state's version: how many changes it has applied
 */
public record ServiceView(int sessions, List<String> nodes, int names, int groups, long version) {
}
