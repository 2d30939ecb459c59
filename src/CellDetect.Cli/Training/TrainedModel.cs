using CellDetect.Model.Files;
using CellDetect.Model.Training;

namespace CellDetect.Cli.Training;

/// <summary>A saved model: its metadata, how training went, and each data set's cell diameter (pixels) as estimated from its training images.</summary>
public sealed record TrainedModel(ModelMetadata Metadata, TrainingResult Result, IReadOnlyDictionary<string, double> CellDiameters);
