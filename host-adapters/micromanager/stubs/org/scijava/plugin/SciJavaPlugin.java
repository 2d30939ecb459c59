/*
 * Compile-time stub for the CellDetect Micro-Manager plugins; never packaged or run by them. Mirrors
 * src/main/java/org/scijava/plugin/SciJavaPlugin.java
 * at scijava/scijava-common tag scijava-common-2.77.0 (the version Micro-Manager v2.0.0 builds with, buildscripts/ivy.xml): only the members the plugins use, with their exact signatures.
 * Bodies throw: the real class comes from Micro-Manager at run time.
 */
package org.scijava.plugin;

public interface SciJavaPlugin {
}
