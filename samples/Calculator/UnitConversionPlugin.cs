using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace Fabrikam.SemanticKernel.Calculator;

public sealed class UnitConversionPlugin
{
    [KernelFunction("convert_units"), Description("Converts a value between two units of the same dimension (length, mass, temperature).")]
    public string ConvertUnits(
        [Description("The value to convert.")] double value,
        [Description("Source unit, e.g. 'km', 'lb', 'C'.")] string from,
        [Description("Target unit, e.g. 'mi', 'kg', 'F'.")] string to)
    {
        double result = ConversionTable.Convert(value, from, to);
        return $"{value} {from} = {result.RoundTo(4)} {to}";
    }

    [KernelFunction, Description("Lists the supported units grouped by dimension.")]
    public string ListUnits() =>
        string.Join(Environment.NewLine, ConversionTable.Units
            .GroupBy(u => u.Value.Dimension)
            .OrderBy(g => g.Key)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(u => u.Key).Order())}"));
}
