package dev.winnow.review;

/** A review needs a paid call that the budget cap leaves no room for; the batch ends as a budget stop. */
public final class ReviewOverBudget extends RuntimeException {
  public ReviewOverBudget(String message) {
    super(message, null, false, false);
  }
}
