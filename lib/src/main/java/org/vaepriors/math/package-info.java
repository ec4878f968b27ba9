/** Small numerical value types shared by data, estimators and notebooks (Monte Carlo estimates). */
package org.vaepriors.math;
