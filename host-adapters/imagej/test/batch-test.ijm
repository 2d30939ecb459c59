// Detect Cells in ImageJ's -batch mode (no windows; under Xvfb, since ImageJ builds its menus even
// then), called exactly as the recorder writes it. -batch exits 0 even when a macro fails, so the
// macro writes its results to files that HeadlessTests compares with the command line:
// WORK/batch/selection.csv (the selection's points) and WORK/batch/results.csv (the Results table).
// Argument: WORK|PIPE|PROGRAM
args = split(getArgument(), "|");
work = args[0];
run("CellDetect Settings...", "program=[" + args[2] + "] pipe=[" + args[1] + "]");
open(work + "/images/he/he-colon-crchisto-img14.tif");
run("Detect Cells...", "model=he-nuclei threshold=auto stride=auto");
getSelectionCoordinates(xs, ys);
points = "";
for (i = 0; i < xs.length; i++)
    points = points + d2s(xs[i], 4) + "," + d2s(ys[i], 4) + "\n";
File.makeDirectory(work + "/batch");
File.saveString(points, work + "/batch/selection.csv");
saveAs("Results", work + "/batch/results.csv");
print("batch macro done: " + xs.length + " cells");
