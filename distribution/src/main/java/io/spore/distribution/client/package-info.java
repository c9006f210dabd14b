/**
 * The client commands, {@code spore send}, {@code call}, {@code spawn} and {@code ping}: each joins the cluster as a
 * short-lived {@link io.spore.distribution.client.ClientNode}, does one thing, and leaves
 * ({@link io.spore.distribution.client.ClientCommand} is what they share).
 */
package io.spore.distribution.client;
