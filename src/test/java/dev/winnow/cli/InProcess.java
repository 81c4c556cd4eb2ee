package dev.winnow.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code winnow} command line in this JVM and captures what it printed. */
record InProcess(int exit, String out, String err) {
  static InProcess run(String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new InProcess(exit, out.toString(), err.toString());
  }
}
