package io.spore.distribution.cli;

import io.spore.distribution.framework.ActionableException;

import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Reports an {@link ActionableException} (or the launcher library's {@code LaunchException}) in one line and exits
 * with status 1. Any other exception is a bug in Spore or a bundle, so its stack trace is printed in full.
 */
public final class ExecutionErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine command, CommandLine.ParseResult parseResult) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        if (ex instanceof ActionableException || ex instanceof io.spore.launcher.LaunchException) {
            err.println(name + ": " + ex.getMessage());
        } else {
            err.println(name + ": unexpected error, please report it:");
            ex.printStackTrace(err);
        }
        err.flush();
        return CommandLine.ExitCode.SOFTWARE;
    }
}
