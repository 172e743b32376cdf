namespace Fabrikam.SemanticKernel.Calculator;

internal static class MathExtensions
{
    public static double RoundTo(this double value, int digits) =>
        Math.Round(value, digits, MidpointRounding.AwayFromZero);
}

public static class MathHelpers
{
    public static double Clamp(double value, double min, double max) => Math.Clamp(value, min, max);

    public static double Hypot(double a, double b) => Math.Sqrt(a * a + b * b);
}
