/**
 * What notebooks call: {@link org.vaepriors.notebook.Notebook} (knobs, display, saving figures), tables,
 * plots and image grids. Nothing else in the library depends on this package.
 */
package org.vaepriors.notebook;
