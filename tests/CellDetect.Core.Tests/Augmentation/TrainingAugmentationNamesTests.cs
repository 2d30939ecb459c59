using CellDetect.Core.Augmentation;

namespace CellDetect.Core.Tests.Augmentation;

public sealed class TrainingAugmentationNamesTests
{
    [Theory]
    [InlineData("none", TrainingAugmentations.None)]
    [InlineData("dihedral", TrainingAugmentations.Dihedral)]
    [InlineData("Noise, STAIN,dihedral", TrainingAugmentations.Dihedral | TrainingAugmentations.Stain | TrainingAugmentations.Noise)]
    [InlineData("dihedral,stain,intensity,scale,blur,noise", (TrainingAugmentations)63)]
    public void NamesParseAndFormatBack(string text, TrainingAugmentations expected)
    {
        Assert.Equal(expected, TrainingAugmentationNames.Parse(text));
        Assert.Equal(expected, TrainingAugmentationNames.Parse(TrainingAugmentationNames.Format(expected)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("flips")]
    [InlineData("none,stain")]
    [InlineData(",")]
    public void UnknownOrContradictoryNamesAreRefused(string text) => Assert.Null(TrainingAugmentationNames.Parse(text));

    [Fact]
    public void EachAugmentationIsDescribedWithItsRanges()
    {
        var all = TrainingAugmentationNames.Describe((TrainingAugmentations)63);
        Assert.Equal(6, all.Split("; ").Length);
        Assert.Contains("HED", all, StringComparison.Ordinal);
        Assert.Equal("none", TrainingAugmentationNames.Describe(TrainingAugmentations.None));
    }
}
