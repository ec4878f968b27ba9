/**
 * What notebooks call: {@link org.vaepriors.notebook.Notebook} (knobs, display, runs with progress bars,
 * saving figures), tables, plots and image grids. The papers' packages use it for their tables; nothing in
 * the shared engine depends on it.
 */
package org.vaepriors.notebook;
