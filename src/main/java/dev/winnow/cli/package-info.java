/**
 * The command line: one picocli class per command, each parsing its flags, calling one service and printing. No
 * business logic lives here; every {@link dev.winnow.WinnowException} becomes one line on stderr and an exit code in
 * {@link dev.winnow.cli.Main}.
 */
package dev.winnow.cli;
