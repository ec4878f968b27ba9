/**
 * Image data sets: IDX and MATLAB readers with validation and checksums, downloads with atomic
 * placement, the papers' splits, and binarisation. Plain Java: nothing here touches ND4J.
 */
package org.vaepriors.data;
