/**
 * The local web app: the keyboard-first review gallery, its live state, thumbnails, and the batch report (served
 * live, or written as one self-contained file by {@link dev.winnow.web.Report}). {@link dev.winnow.web.WebApp} is the
 * front door. It reads the ledger and hands a person's picks to the {@link dev.winnow.review.HumanReviewer}; it never
 * changes a candidate's state itself, never serves a file by a path from a request, and never shows an API key.
 */
package dev.winnow.web;
