package io.spore.distribution.cli;

import io.spore.distribution.framework.Route;

import picocli.CommandLine;

/** Parses {@code --route NAME@HOST=ADDRESS:PORT}; a malformed one is a usage error (one line, exit status 2). */
final class RouteConverter implements CommandLine.ITypeConverter<Route> {
    @Override
    public Route convert(String value) {
        try {
            return Route.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
