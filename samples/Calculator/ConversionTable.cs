namespace Fabrikam.SemanticKernel.Calculator;

internal static class ConversionTable
{
    internal readonly record struct Unit(string Dimension, double ToBase);

    internal static readonly Dictionary<string, Unit> Units;

    // Static constructor: builds the table once, purely in memory.
    static ConversionTable()
    {
        Units = new Dictionary<string, Unit>(StringComparer.OrdinalIgnoreCase)
        {
            ["m"] = new("length", 1),
            ["km"] = new("length", 1000),
            ["cm"] = new("length", 0.01),
            ["mi"] = new("length", 1609.344),
            ["ft"] = new("length", 0.3048),
            ["in"] = new("length", 0.0254),
            ["kg"] = new("mass", 1),
            ["g"] = new("mass", 0.001),
            ["lb"] = new("mass", 0.45359237),
            ["oz"] = new("mass", 0.028349523125),
            ["C"] = new("temperature", 1),
            ["F"] = new("temperature", 1),
            ["K"] = new("temperature", 1),
        };
    }

    public static double Convert(double value, string from, string to)
    {
        if (!Units.TryGetValue(from, out var source) || !Units.TryGetValue(to, out var target))
        {
            throw new ArgumentException($"Unknown unit '{from}' or '{to}'.");
        }

        if (source.Dimension != target.Dimension)
        {
            throw new ArgumentException($"Cannot convert {source.Dimension} to {target.Dimension}.");
        }

        if (source.Dimension == "temperature")
        {
            return FromKelvin(ToKelvin(value, from), to);
        }

        return value * source.ToBase / target.ToBase;
    }

    private static double ToKelvin(double value, string unit) => unit.ToUpperInvariant() switch
    {
        "C" => value + 273.15,
        "F" => (value - 32) * 5 / 9 + 273.15,
        _ => value,
    };

    private static double FromKelvin(double kelvin, string unit) => unit.ToUpperInvariant() switch
    {
        "C" => kelvin - 273.15,
        "F" => (kelvin - 273.15) * 9 / 5 + 32,
        _ => kelvin,
    };
}
