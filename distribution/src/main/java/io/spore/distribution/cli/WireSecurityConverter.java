package io.spore.distribution.cli;

import io.spore.api.SporeException;
import io.spore.transport.WireSecurity;

import picocli.CommandLine;

/** Parses {@code --wire-security}: sealed, authenticated or none; anything else is a one-line usage error. */
public final class WireSecurityConverter implements CommandLine.ITypeConverter<WireSecurity> {
    @Override
    public WireSecurity convert(String value) {
        try {
            return WireSecurity.parse(value);
        } catch (SporeException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
