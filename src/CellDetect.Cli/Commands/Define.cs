using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace CellDetect.Cli.Commands;

/// <summary>
/// Builds the options of the command definitions, each with its type in the help (<c>--stride &lt;int&gt;</c>), its
/// default, and a check that turns a wrong value into one usage line naming the option
/// (<c>--stride: expected a whole number from 1 to 64, got 'abc'</c>) before the command does any work.
/// Numbers and choices are checked in their parsers, where parsing and the range check are one step and "abc" and
/// "0" give the same kind of message (System.CommandLine runs validators even after a parser failed); text and paths,
/// which cannot fail to parse, are checked by validators.
/// </summary>
public static class Define
{
    /// <summary>Runs a command's body with the writers of the invocation (the caller's stdout and stderr, or a test's).</summary>
    public static void Body(Command command, Func<ParseResult, TextWriter, TextWriter, int> body) =>
        command.SetAction(result => body(result, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));

    /// <summary>A positional argument: one non-empty value that does not look like an option.</summary>
    public static Argument<string> Positional(string name, string description)
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value.Length > 1 && value.StartsWith('-'))
            {
                result.AddError(CommandLineApp.UnknownOption(value, (result.Parent as CommandResult)?.Command));
            }
            else if (value.Length == 0)
            {
                result.AddError($"{name}: expected a non-empty value, got ''");
            }
        });
        return argument;
    }

    /// <summary>A flag: present or not.</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>Text or a path; never empty. With neither a default value nor <paramref name="required"/>, absent is null.</summary>
    public static Option<string> Text(string name, string description, string helpName = "path", string? defaultValue = null, string? defaultText = null, bool required = false)
    {
        var option = new Option<string>(name) { Description = WithDefault(description, defaultText), HelpName = helpName, Required = required };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }
        option.Validators.Add(result => RejectEmpty(result, name));
        return option;
    }

    /// <summary>
    /// An option that may be given more than once (<c>--images A --images B</c>); no value may be empty. Required unless
    /// <paramref name="defaultText"/> says what its absence means.
    /// </summary>
    public static Option<string[]> Repeated(string name, string description, string helpName = "dir", string? defaultText = null)
    {
        var option = new Option<string[]>(name) { Description = WithDefault(description + " (repeat for more)", defaultText), HelpName = helpName, Required = defaultText is null, Arity = ArgumentArity.OneOrMore };
        option.Validators.Add(result => RejectEmpty(result, name));
        return option;
    }

    /// <summary>One of a fixed set of words (case-insensitive); the words complete on Tab.</summary>
    public static Option<string> Choice(string name, string description, IReadOnlyList<string> words, string? defaultWord = null, string? defaultText = null) =>
        Choose(name, description, words, word => word, defaultWord, defaultText);

    /// <summary>One of a fixed set of words (case-insensitive), with the value it stands for; absent without a default is null.</summary>
    public static Option<Named<T>> Choice<T>(string name, string description, IReadOnlyList<(string Word, T Value)> choices, string? defaultWord = null, string? defaultText = null) =>
        Choose(name, description, choices.Select(c => c.Word).ToList(), word => new Named<T>(word, choices.Single(c => c.Word == word).Value), defaultWord, defaultText);

    /// <summary>
    /// Words of a fixed set separated by commas, or "none" (<c>--augment dihedral,noise</c>), read by <paramref name="parse"/>
    /// (null: not a valid list); the default is <paramref name="defaultWords"/>; the words complete on Tab.
    /// </summary>
    public static Option<Named<T>> Words<T>(string name, string description, IReadOnlyList<(string Word, T Value)> words, Func<string, T?> parse, string defaultWords)
        where T : struct
    {
        var expected = $"none or {OneOf(words.Select(w => w.Word).ToList())} separated by commas";
        var option = Parsed(name, description, "word,word,...", expected, text => parse(text) is { } value ? (true, new Named<T>(text, value)) : (false, null!), null);
        var defaultValue = new Named<T>(defaultWords, parse(defaultWords) ?? throw new ArgumentException($"The default of {name} is not a valid list.", nameof(defaultWords)));
        option.DefaultValueFactory = _ => defaultValue;
        option.CompletionSources.Add(["none", .. words.Select(w => w.Word)]);
        return option;
    }

    /// <summary>A word of a choice and the value it stands for; the help prints the word as the default.</summary>
    public sealed record Named<T>(string Word, T Value)
    {
        public override string ToString() => Word;
    }

    /// <summary>A whole number in [min, max] with a default.</summary>
    public static Option<int> WholeNumber(string name, string description, int min, int max, int defaultValue)
    {
        var option = Parsed(name, WithBounds(description, WholeBounds(min, max)), "int", ExpectedWhole(min, max), text => ParseWhole(text, min, max) is (true, { } value) ? (true, value) : (false, 0), null);
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>A whole number in [min, max]; null when absent, which means what <paramref name="defaultText"/> says.</summary>
    public static Option<int?> OptionalWholeNumber(string name, string description, int min, int max, string defaultText) =>
        Parsed(name, WithBounds(description, WholeBounds(min, max)), "int", ExpectedWhole(min, max), text => ParseWhole(text, min, max), defaultText);

    /// <summary>A number of bytes, at least <paramref name="min"/>, with a default; a long, because 2 GiB and more are usual values.</summary>
    public static Option<long> Bytes(string name, string description, long min, long defaultValue)
    {
        var option = Parsed(name, WithBounds(description, $">= {min}"), "bytes", $"a whole number of bytes >= {min}",
            text => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min ? (true, value) : (false, 0L), null);
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>A finite number within <paramref name="range"/>, with a default.</summary>
    public static Option<double> Number(string name, string description, Range range, double defaultValue)
    {
        var option = Parsed(name, WithBounds(description, range.Bounds()), "number", range.Describe(), text => ParseNumber(text, range) is (true, { } value) ? (true, value) : (false, 0.0), null);
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>A finite number within <paramref name="range"/>; null when absent, which means what <paramref name="defaultText"/> says.</summary>
    public static Option<double?> OptionalNumber(string name, string description, Range range, string defaultText) =>
        Parsed(name, WithBounds(description, range.Bounds()), "number", range.Describe(), text => ParseNumber(text, range), defaultText);

    /// <summary>Comma-separated whole numbers in [min, max] (<c>--peak-radii 1,2,3</c>); absent is the default, or null without one.</summary>
    public static Option<NumberList<int>?> WholeNumbers(string name, string description, int min, int max, IReadOnlyList<int>? defaultValues = null, string? defaultText = null)
    {
        var option = Parsed(name, WithBounds(description, Each(WholeBounds(min, max))), "int,int,...", $"whole numbers {WholeBounds(min, max)} separated by commas",
            text => ParseList(text, part => ParseWhole(part, min, max)), defaultText);
        if (defaultValues is not null)
        {
            option.DefaultValueFactory = _ => new NumberList<int>(defaultValues);
        }
        return option;
    }

    /// <summary>Comma-separated finite numbers within <paramref name="range"/> (<c>--sigmas 2,3,4</c>), with a default.</summary>
    public static Option<NumberList<double>?> Numbers(string name, string description, Range range, IReadOnlyList<double> defaultValues)
    {
        var option = Parsed(name, WithBounds(description, Each(range.Bounds())), "number,number,...", $"numbers {range.Bounds()} separated by commas",
            text => ParseList(text, part => ParseNumber(part, range)), null);
        option.DefaultValueFactory = _ => new NumberList<double>(defaultValues);
        return option;
    }

    /// <summary>
    /// The values of a comma-separated option. Not an array, because System.CommandLine gives an absent array option
    /// an empty array rather than its default; the help prints the default as it is typed (2,3,4).
    /// </summary>
    public sealed record NumberList<T>(IReadOnlyList<T> Items)
    {
        public override string ToString() => string.Join(',', Items.Select(i => string.Format(CultureInfo.InvariantCulture, "{0}", i)));
    }

    /// <summary>The values a number may take: [Min, Max] with either end open, either end unbounded (infinite).</summary>
    public readonly record struct Range(double Min, double Max, bool MinOpen = false, bool MaxOpen = false)
    {
        public static Range Above(double min) => new(min, double.PositiveInfinity, MinOpen: true);

        public bool Contains(double value) =>
            (MinOpen ? value > Min : value >= Min) && (MaxOpen ? value < Max : value <= Max);

        /// <summary>"a number from 0 to 1", "a number > 0 and <= 8", "a number >= 0 and < 1", "a number > 0".</summary>
        public string Describe() => "a number " + Bounds();

        /// <summary>"from 0 to 1", "> 0 and <= 8", "> 0"; infinite ends are left out.</summary>
        public string Bounds()
        {
            if (!MinOpen && !MaxOpen && double.IsFinite(Min) && double.IsFinite(Max))
            {
                return $"from {Format(Min)} to {Format(Max)}";
            }
            var bounds = new List<string>();
            if (double.IsFinite(Min))
            {
                bounds.Add((MinOpen ? "> " : ">= ") + Format(Min));
            }
            if (double.IsFinite(Max))
            {
                bounds.Add((MaxOpen ? "< " : "<= ") + Format(Max));
            }
            return string.Join(" and ", bounds);
        }
    }

    private static Option<T> Choose<T>(string name, string description, IReadOnlyList<string> words, Func<string, T> valueOf, string? defaultWord, string? defaultText)
    {
        var option = new Option<T>(name)
        {
            Description = WithDefault(description, defaultText),
            HelpName = string.Join('|', words),
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                if (words.FirstOrDefault(w => string.Equals(w, text, StringComparison.OrdinalIgnoreCase)) is { } word)
                {
                    return valueOf(word);
                }
                result.AddError($"{name}: expected {OneOf(words)}, got '{text}'");
                return default!;
            },
        };
        if (defaultWord is not null)
        {
            var value = valueOf(defaultWord);
            option.DefaultValueFactory = _ => value;
        }
        option.CompletionSources.Add(words.ToArray());
        return option;
    }

    private static Option<T> Parsed<T>(string name, string description, string helpName, string expected, Func<string, (bool Ok, T Value)> parse, string? defaultText) => new(name)
    {
        Description = WithDefault(description, defaultText),
        HelpName = helpName,
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            var (ok, value) = parse(text);
            if (!ok)
            {
                result.AddError($"{name}: expected {expected}, got '{text}'");
            }
            return value;
        },
    };

    private static (bool, int?) ParseWhole(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? (true, value) : (false, null);

    private static (bool, double?) ParseNumber(string text, Range range) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && range.Contains(value) ? (true, value) : (false, null);

    private static (bool, NumberList<TValue>?) ParseList<TValue>(string text, Func<string, (bool Ok, TValue? Value)> parseOne)
        where TValue : struct
    {
        var values = new List<TValue>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (ok, value) = parseOne(part);
            if (!ok)
            {
                return (false, null);
            }
            values.Add(value!.Value);
        }
        return values.Count > 0 ? (true, new NumberList<TValue>(values)) : (false, null);
    }

    private static string ExpectedWhole(int min, int max) => $"a whole number {WholeBounds(min, max)}".TrimEnd();

    private static string WholeBounds(int min, int max) => (min, max) switch
    {
        (int.MinValue, int.MaxValue) => "",
        (_, int.MaxValue) => $">= {min}",
        _ => $"from {min} to {max}",
    };

    private static string OneOf(IReadOnlyList<string> words) =>
        words.Count == 1 ? words[0] : string.Join(", ", words.Take(words.Count - 1)) + " or " + words[^1];

    private static string WithBounds(string description, string bounds) =>
        bounds.Length == 0 ? description : $"{description} ({bounds})";

    private static string Each(string bounds) => bounds.Length == 0 ? "" : "each " + bounds;

    private static string WithDefault(string description, string? defaultText) =>
        defaultText is null ? description : $"{description} [default: {defaultText}]";

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static void RejectEmpty(OptionResult result, string name)
    {
        if (result.Tokens.Any(t => t.Value.Length == 0))
        {
            result.AddError($"{name}: expected a non-empty value, got ''");
        }
    }
}
