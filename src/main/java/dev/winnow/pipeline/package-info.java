/**
 * The batch runner. {@link dev.winnow.pipeline.Pipeline} drives a job through draft, screen, review, final and
 * delivery with bounded concurrency, a {@link dev.winnow.pipeline.DraftPlanner} deciding how far to draft ahead,
 * retries and rate limits around every call, and the ledger as the only state: a batch stopped at any moment is
 * continued from what the ledger says. Decisions (screen, review gating) are taken in draft order, so the same job
 * with the same seed delivers the same images whatever the timing.
 */
package dev.winnow.pipeline;
