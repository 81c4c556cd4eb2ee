package dev.winnow.cli;

import dev.winnow.WinnowException;
import dev.winnow.job.Job;
import dev.winnow.review.AutoReviewer;
import dev.winnow.review.Reviewer;

/** The reviewer a job asks for. */
final class Reviewers {
  private Reviewers() {}

  static Reviewer open(Job job) {
    return switch (job.review()) {
      case AUTO -> new AutoReviewer();
      case HUMAN, VISION -> throw new WinnowException(
          "--review " + job.review().label() + " is not available in this version yet; use --review auto", WinnowException.USAGE);
    };
  }
}
