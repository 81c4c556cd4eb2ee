package dev.winnow.pipeline;

/**
 * Decides how many new drafts to start now. The pipeline asks after every event and caps the answer by its free
 * concurrency slots and by --max-drafts; the planner's job is to reach {@code wanted} keepers with high
 * probability while drafting as little beyond need as it can.
 */
public interface DraftPlanner {

  /**
   * A snapshot of one prompt's progress.
   *
   * @param wanted keepers wanted for this prompt
   * @param committed candidates accepted whose final is rendered, delivered or on its way (not failed)
   * @param decided drafts whose fate is known (screened out, rejected or accepted), for the acceptance estimate
   * @param acceptedOfDecided how many of {@code decided} were accepted (includes ones whose final later failed)
   * @param inFlight drafts started whose fate is not yet known (drafting, screening, awaiting review)
   * @param drafted drafts started so far, any outcome
   * @param maxDrafts the cap on drafts for this prompt
   */
  record Progress(
      int wanted, int committed, int decided, int acceptedOfDecided, int inFlight, int drafted, int maxDrafts) {}

  /** How many drafts to start now (0 or more); never more than {@code maxDrafts - drafted}. */
  int toDispatch(Progress progress);
}
