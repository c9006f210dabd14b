package io.spore.distribution.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Reports bad arguments in one line on standard error, with the command's name and where to read more, and exits
 * with status 2. Picocli's default prints the whole usage, which hides the reason.
 */
public final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        PrintWriter err = command.getErr();
        err.println(name + ": " + ex.getMessage() + " (see '" + name + " --help')");
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }
}
