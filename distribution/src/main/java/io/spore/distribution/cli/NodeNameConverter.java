package io.spore.distribution.cli;

import io.spore.api.NodeName;
import io.spore.api.SporeException;

import picocli.CommandLine;

/** Parses {@code --name} with the API's own rules, so the launcher accepts exactly the names a node does. */
public final class NodeNameConverter implements CommandLine.ITypeConverter<NodeName> {
    @Override
    public NodeName convert(String value) {
        try {
            return NodeName.parse(value);
        } catch (SporeException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
