/**
 * Image generation behind one small interface: {@link dev.winnow.generate.ImageModel} takes a
 * {@link dev.winnow.generate.GenerationRequest} and returns a {@link dev.winnow.generate.CallOutcome} for one
 * attempt. Backends: {@code local} (procedural, offline, $0) and {@code gemini} (the official SDK). Retrying,
 * pricing and recording calls belong to the pipeline, never to a backend; a backend never logs or returns the API
 * key.
 */
package dev.winnow.generate;
