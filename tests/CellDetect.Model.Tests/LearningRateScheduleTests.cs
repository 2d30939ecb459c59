using CellDetect.Model.Training;

namespace CellDetect.Model.Tests;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void ConstantKeepsTheRateInEveryEpoch()
    {
        Assert.All(Enumerable.Range(1, 30), epoch => Assert.Equal(2e-4, LearningRateSchedule.Constant.RateOf(2e-4, epoch, 30)));
    }

    [Fact]
    public void CosineFallsSmoothlyFromTheFullRateToItsFloor()
    {
        var rates = Enumerable.Range(1, 60).Select(epoch => LearningRateSchedule.Cosine.RateOf(1, epoch, 60)).ToList();
        Assert.Equal(1, rates[0], 12);
        Assert.Equal(LearningRateSchedules.CosineFloor, rates[^1], 12);
        Assert.Equal((1 + LearningRateSchedules.CosineFloor) / 2, LearningRateSchedule.Cosine.RateOf(1, 31, 61), 12);
        Assert.All(rates.Zip(rates.Skip(1)), pair => Assert.True(pair.Second < pair.First));
    }

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(10, 1.0)]
    [InlineData(11, 0.1)] // progress 10/20 = half-way
    [InlineData(16, 0.01)] // progress 15/20 = three quarters
    [InlineData(21, 0.01)]
    public void StepDividesByTenAtHalfAndThreeQuarters(int epoch, double factor)
    {
        Assert.Equal(factor * 3e-4, LearningRateSchedule.Step.RateOf(3e-4, epoch, 21), 15);
    }

    [Fact]
    public void AOneEpochRunAndEpochsBeyondTheRunStayOnTheCurve()
    {
        Assert.Equal(1, LearningRateSchedule.Cosine.RateOf(1, 1, 1));
        Assert.Equal(LearningRateSchedule.Cosine.RateOf(1, 10, 10), LearningRateSchedule.Cosine.RateOf(1, 12, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Cosine.RateOf(1, 0, 10));
    }

    [Fact]
    public void TheRecordNamesTheEpochsACurveSpans()
    {
        Assert.Equal("constant", LearningRateSchedule.Constant.Describe(30));
        Assert.Equal("cosine over 60 epochs", LearningRateSchedule.Cosine.Describe(60));
        Assert.Equal("step over 45 epochs", LearningRateSchedule.Step.Describe(45));
    }
}
