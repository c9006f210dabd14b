package io.spore.distribution.cli;

import picocli.CommandLine;

/**
 * Parses a port number, 0 to 65535; whether 0 (a free port chosen by the system) is allowed is the option's to say.
 * Anything else is a usage error (one line, exit status 2).
 */
public final class PortConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        String text = value.strip();
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a port: write a number from 0 to"
                + " 65535");
        }
        int port = Integer.parseInt(text);
        if (port > 65535) {
            throw new CommandLine.TypeConversionException(port + " is not a port: the largest is 65535");
        }
        return port;
    }
}
