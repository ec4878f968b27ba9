/**
 * Training: the library's one loop ({@link org.vaepriors.train.TrainingLoop} over an
 * {@link org.vaepriors.train.Objective}), the VAE trainer on it (validation, early stopping, atomic
 * checkpoints, resume), gradient-normalised Adam and derived random streams.
 */
package org.vaepriors.train;
