/**
 * Executes the library's SameDiff graphs without SameDiff's per-call session: a graph whose placeholder
 * shapes repeat (every training step, every evaluation pass) is traced once through SameDiff, then
 * replayed as a fixed list of the same native ops, each with its arguments, shapes and output arrays made
 * once. Same ops, same order, same kernels: the numbers are SameDiff's.
 */
package org.vaepriors.engine;
