/**
 * What a batch is asked to make: prompts, keepers wanted, the two model tiers, aspect, size, review mode, seeds and
 * caps. {@link dev.winnow.job.JobInput} collects values from a YAML job file and from flags; {@link
 * dev.winnow.job.JobValidator} checks them once and builds the immutable {@link dev.winnow.job.Job}, failing with one
 * line that names the flag or key, the value and what is allowed. Never holds an API key.
 */
package dev.winnow.job;
