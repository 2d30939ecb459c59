using System.Globalization;
using CellDetect.Core.Evaluation;

namespace CellDetect.Imaging.Plots;

/// <summary>A precision-recall sweep as CSV: <c>threshold,precision,recall,f1,tp,fp,fn</c>, one row per threshold, invariant culture.</summary>
public static class PrCurveCsv
{
    public static void Write(string path, PrCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        AtomicFile.WriteText(path, writer =>
        {
            writer.Write("threshold,precision,recall,f1,tp,fp,fn\n");
            foreach (var p in curve.Points)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{p.Threshold:R},{p.Precision:0.######},{p.Recall:0.######},{p.F1:0.######},{p.Counts.TruePositives},{p.Counts.FalsePositives},{p.Counts.FalseNegatives}\n"));
            }
        });
    }
}
