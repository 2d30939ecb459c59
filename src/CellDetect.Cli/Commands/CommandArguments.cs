namespace CellDetect.Cli.Commands;

/// <summary>
/// GNU-style arguments: positionals, <c>--name value</c>, <c>--name=value</c>, repeated options and flags.
/// Every option a command reads is marked used, so that a misspelt option is reported instead of ignored.
/// </summary>
public sealed class CommandArguments
{
    private readonly Dictionary<string, List<string>> options = new(StringComparer.Ordinal);
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    public CommandArguments(IEnumerable<string> arguments, IEnumerable<string> flagNames)
    {
        var knownFlags = new HashSet<string>(flagNames, StringComparer.Ordinal);
        var list = arguments.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            var token = list[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token == "--")
            {
                Positionals.Add(token);
                continue;
            }
            var name = token[2..];
            string? value = null;
            var equals = name.IndexOf('=');
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            if (value is null && knownFlags.Contains(name))
            {
                flags.Add(name);
                continue;
            }
            if (value is null)
            {
                if (i + 1 >= list.Count)
                {
                    throw new UsageException($"Option --{name} needs a value.");
                }
                value = list[++i];
            }
            if (!options.TryGetValue(name, out var values))
            {
                options[name] = values = new List<string>();
            }
            values.Add(value);
        }
    }

    public List<string> Positionals { get; } = new();

    public bool Flag(string name)
    {
        read.Add(name);
        return flags.Contains(name);
    }

    public string? Option(string name)
    {
        read.Add(name);
        return options.TryGetValue(name, out var values) ? values[^1] : null;
    }

    public IReadOnlyList<string> Options(string name)
    {
        read.Add(name);
        return options.TryGetValue(name, out var values) ? values : Array.Empty<string>();
    }

    public string RequiredOption(string name) => Option(name) ?? throw new UsageException($"Option --{name} is required.");

    public double Number(string name, double fallback)
    {
        var text = Option(name);
        if (text is null)
        {
            return fallback;
        }
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException($"Option --{name} expects a number, got '{text}'.");
    }

    public int Integer(string name, int fallback)
    {
        var value = Number(name, fallback);
        return value == Math.Floor(value) && value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new UsageException($"Option --{name} expects a whole number, got '{value}'.");
    }

    /// <summary>Throws when an option or flag was given that the command never asked about.</summary>
    public void RejectUnknown()
    {
        var unknown = options.Keys.Concat(flags).Where(name => !read.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException("Unknown option(s): " + string.Join(", ", unknown.Select(n => "--" + n)));
        }
    }
}
