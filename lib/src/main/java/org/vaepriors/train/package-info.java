/**
 * Training: the loop ({@link org.vaepriors.train.Trainer}), gradient-normalised Adam, warm-up and early
 * stopping ({@link org.vaepriors.train.TrainSpec}), atomic checkpoints and derived random streams.
 */
package org.vaepriors.train;
