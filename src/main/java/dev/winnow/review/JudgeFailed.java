package dev.winnow.review;

/** A vision judge could not give a verdict (a failure no retry fixed); the batch stops and can be resumed. */
public final class JudgeFailed extends RuntimeException {
  public JudgeFailed(String message) {
    super(message, null, false, false);
  }
}
