/*
 * Compile-time stub for the CellDetect Micro-Manager plugins; never packaged or run by them. Mirrors
 * mmstudio/src/main/java/org/micromanager/data/Metadata.java
 * at micro-manager/micro-manager tag v2.0.0 (Micro-Manager 2.0.0, mmstudio): only the members the plugins use, with their exact signatures.
 * Bodies throw: the real class comes from Micro-Manager at run time.
 */
package org.micromanager.data;

import org.micromanager.PropertyMap;

public interface Metadata {
   interface Builder extends MetadataBuilder {
      @Override Builder userData(PropertyMap userData);
   }

   @Deprecated
   interface MetadataBuilder {
      Metadata build();

      MetadataBuilder userData(PropertyMap userData);
   }

   Builder copyBuilderPreservingUUID();

   Double getPixelSizeUm();

   PropertyMap getUserData();
}
