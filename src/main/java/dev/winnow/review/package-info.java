/**
 * Who decides which screened drafts buy a final. A {@link dev.winnow.review.Reviewer} gets each survivor and
 * answers with a {@link dev.winnow.review.Verdict}, now or later (a person in the gallery, a vision model). The
 * pipeline records every verdict in the ledger the moment it arrives, unless the reviewer already did (a person's
 * decision is written when it is made, before the pipeline applies it); reviewers never change candidate state.
 */
package dev.winnow.review;
