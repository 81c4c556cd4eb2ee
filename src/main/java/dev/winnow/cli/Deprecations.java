package dev.winnow.cli;

import dev.winnow.generate.ModelCatalog;
import dev.winnow.job.Job;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.Set;

/** One warning per deprecated model a job uses, naming the provider's replacement. */
final class Deprecations {
  private Deprecations() {}

  static void warn(Job job, PrintStream err) {
    Set<String> models = new LinkedHashSet<>();
    models.add(job.draftModel());
    models.add(job.finalModel());
    for (String model : models) {
      ModelCatalog.deprecation(model).ifPresent(d -> err.println("winnow: warning: " + model + " was deprecated by Google on " + d.since()
          + " (it still works until it is shut down); its replacement is " + d.replacement()));
    }
  }
}
