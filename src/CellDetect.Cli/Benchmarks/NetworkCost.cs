using CellDetect.Model.Network;

namespace CellDetect.Cli.Benchmarks;

/// <summary>Multiply-adds of one convolutional pass over a square input, layer by layer, from the architecture.</summary>
public static class NetworkCost
{
    public static double FlopsOfPass(int side, int channels, int outputUnits)
    {
        double macs = 0;
        var s = side - 5;
        macs += (double)s * s * 32 * channels * 36;
        s = s / 2 - 2;
        macs += (double)s * s * 32 * 32 * 9;
        s = s / 2 - 2;
        macs += (double)s * s * 32 * 32 * 9;
        s -= 7;
        macs += (double)s * s * StructuredRegressionNetwork.HiddenUnits * 32 * 64;
        macs += (double)s * s * StructuredRegressionNetwork.HiddenUnits * StructuredRegressionNetwork.HiddenUnits;
        macs += (double)s * s * outputUnits * StructuredRegressionNetwork.HiddenUnits;
        return 2 * macs;
    }
}
