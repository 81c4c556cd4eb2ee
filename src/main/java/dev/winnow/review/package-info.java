/**
 * Who decides which screened drafts buy a final: {@link dev.winnow.review.AutoReviewer}, a person through the web
 * gallery ({@link dev.winnow.review.HumanReviewer}), or a {@link dev.winnow.review.VisionJudge} alone or mixed with a
 * person ({@link dev.winnow.review.VisionReviewer}). A {@link dev.winnow.review.Reviewer} gets each survivor and
 * answers with a {@link dev.winnow.review.Verdict}, now or later (a person in the gallery, a vision model). The
 * pipeline records every verdict in the ledger the moment it arrives, unless the reviewer already did (a person's
 * decision is written when it is made, before the pipeline applies it); reviewers never change candidate state.
 * How far a judge agrees with people, and what its confidence is worth, is read back from that log
 * ({@link dev.winnow.review.JudgeAgreement}, {@link dev.winnow.review.JudgeCalibration}).
 */
package dev.winnow.review;
