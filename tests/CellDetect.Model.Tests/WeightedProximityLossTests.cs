using CellDetect.Model.Network;
using TorchSharp;

namespace CellDetect.Model.Tests;

public sealed class WeightedProximityLossTests
{
    [Fact]
    public void AutogradGradientMatchesEquationFour()
    {
        torch.manual_seed(1);
        using var logits = torch.randn(1, 289, 1, 1).requires_grad_();
        using var target = torch.rand(1, 289, 1, 1) * (torch.rand(1, 289, 1, 1) > 0.7);
        using var valid = torch.ones(1, 289, 1, 1);
        using var loss = WeightedProximityLoss.Compute(logits, target, valid);
        loss.backward();
        using var analytic = WeightedProximityLoss.Gradient(logits.detach(), target);
        var difference = (logits.grad! - analytic).abs().max().item<float>();
        Assert.True(difference < 1e-6, $"max |autograd - eq.4| = {difference}");
    }

    [Fact]
    public void LossIsHalfTheWeightedSquaredError()
    {
        using var logits = torch.zeros(1, 2, 1, 1); // sigmoid(0) = 0.5
        using var target = torch.tensor(new float[] { 1f, 0f }, new long[] { 1, 2, 1, 1 });
        using var valid = torch.ones(1, 2, 1, 1);
        var loss = WeightedProximityLoss.Compute(logits, target, valid, 0.3).item<float>();
        Assert.Equal(0.5 * (1.3 * 0.25 + 0.3 * 0.25), loss, 5);
    }

    [Fact]
    public void PixelsOutsideTheImageDoNotCount()
    {
        using var logits = torch.zeros(1, 2, 1, 1);
        using var target = torch.tensor(new float[] { 1f, 0f }, new long[] { 1, 2, 1, 1 });
        using var valid = torch.tensor(new float[] { 0f, 1f }, new long[] { 1, 2, 1, 1 });
        Assert.Equal(0.5 * 0.3 * 0.25, WeightedProximityLoss.Compute(logits, target, valid, 0.3).item<float>(), 5);
    }
}
