/*
 * Compile-time stub for the CellDetect Micro-Manager plugins; never packaged or run by them. Mirrors
 * src/main/java/org/scijava/plugin/Plugin.java
 * at scijava/scijava-common tag scijava-common-2.77.0 (the version Micro-Manager v2.0.0 builds with, buildscripts/ivy.xml): only the members the plugins use, with their exact signatures (the real annotation is also @Indexable and has more members, all with defaults).
 * Bodies throw: the real class comes from Micro-Manager at run time.
 */
package org.scijava.plugin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Plugin {
	Class<? extends SciJavaPlugin> type();
}
