/*
 * CellDetect for QuPath without the extension: open this in Automate > Script editor and run it.
 *
 * It runs `celldetect detect` on the current image's file and imports the GeoJSON that writes: one
 * detection per cell, class "Cell", measurement "score", each at the centre of its cell. With
 * annotations selected, only the cells inside them are kept (the whole file is still detected).
 * It needs only the celldetect program, not the service. It works for images QuPath opened from a
 * single TIFF, PNG, JPEG or BMP file with one plane; for other images (whole-slide formats, z-stacks,
 * time series, images from a server) use the extension, which sends QuPath's own pixels.
 * The GeoJSON also imports by hand: File > Import objects.
 */
import static qupath.lib.gui.scripting.QPEx.*

import java.nio.file.Files
import qupath.lib.io.PathIO

// Settings. The program: its path, or set CELLDETECT_EXECUTABLE before starting QuPath.
def celldetect = System.getenv("CELLDETECT_EXECUTABLE") ?: "celldetect"
def model = null        // null: chosen from the image; or "he-nuclei", "fluorescence-nuclei", or a .cdmodel file
def threshold = null    // null: the model's; or a number from 0 to 1 (lower finds more, fainter cells)
def stride = null       // null: the model's; or a whole number from 1 to 64 (smaller is slower, slightly more accurate)

def imageData = getCurrentImageData()
if (imageData == null) {
    throw new IllegalStateException("Open an image first.")
}
def server = imageData.getServer()
def uris = server.getURIs() as List
def file = uris.size() == 1 && uris[0].scheme == "file" ? new File(uris[0]) : null
if (file == null || !(file.name.toLowerCase() ==~ /.*\.(tiff?|png|jpe?g|bmp)/) || server.nZSlices() > 1 || server.nTimepoints() > 1) {
    throw new IllegalStateException("This script needs a single-plane TIFF, PNG, JPEG or BMP file; use the CellDetect extension for " + server.getPath())
}

def out = Files.createTempDirectory("celldetect").toFile()
def command = [celldetect, "detect", file.path, "--out", out.path, "--page", "0"]
if (model != null) command += ["--model", model as String]
if (threshold != null) command += ["--threshold", threshold as String]
if (stride != null) command += ["--stride", stride as String]
println "Running: " + command.join(" ")
def process = command.execute()
process.waitForProcessOutput(System.out, System.err)
if (process.exitValue() != 0) {
    throw new IllegalStateException("celldetect detect failed with status " + process.exitValue() + " (its messages are above)")
}

def name = file.name.contains(".") ? file.name.substring(0, file.name.lastIndexOf('.')) : file.name
def cells = PathIO.readObjects(new File(out, name + ".geojson"))
def areas = getSelectedObjects().findAll { it.isAnnotation() && it.getROI() != null && it.getROI().isArea() }
if (!areas.isEmpty()) {
    // QuPath's ROI coordinates and the GeoJSON's are the same: (0, 0) is the image's top-left corner.
    cells = cells.findAll { cell -> areas.any { it.getROI().contains(cell.getROI().getCentroidX(), cell.getROI().getCentroidY()) } }
}
def cellClass = getPathClass("Cell")
cells.each { it.setPathClass(cellClass) }
addObjects(cells)
out.deleteDir()
println "${cells.size()} cells added" + (areas.isEmpty() ? "" : " in ${areas.size()} annotations")
