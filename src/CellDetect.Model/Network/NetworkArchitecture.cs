namespace CellDetect.Model.Network;

/// <summary>Which network a model runs; every one honours the <see cref="ProximityNetwork"/> contract.</summary>
public enum NetworkArchitecture
{
    /// <summary>The paper's network (<see cref="StructuredRegressionNetwork"/>): the documented default.</summary>
    Paper,

    /// <summary>An encoder-decoder (<see cref="ProximityUNet"/>) regressing the eq. 1 map at full resolution: wider context, an option.</summary>
    UNet,
}

public static class NetworkArchitectures
{
    /// <summary>The architecture's name in model files (<c>metadata.json</c>'s <c>architecture</c>).</summary>
    public static string FileName(this NetworkArchitecture architecture) => architecture switch
    {
        NetworkArchitecture.Paper => "xie2015-structured-regression",
        NetworkArchitecture.UNet => "proximity-unet",
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, null),
    };

    /// <summary>The architecture a model file names, or null when this build has none of that name.</summary>
    public static NetworkArchitecture? FromFileName(string name) =>
        Enum.GetValues<NetworkArchitecture>().Cast<NetworkArchitecture?>().FirstOrDefault(a => a!.Value.FileName() == name);

    /// <summary>A new network with random weights.</summary>
    public static ProximityNetwork Create(this NetworkArchitecture architecture, int inputChannels, NetworkHead head) => architecture switch
    {
        NetworkArchitecture.Paper => new StructuredRegressionNetwork(inputChannels, head),
        NetworkArchitecture.UNet => new ProximityUNet(inputChannels, head),
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, null),
    };
}
