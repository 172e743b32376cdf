using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace Fabrikam.SemanticKernel.Calculator;

/// <summary>
/// Basic arithmetic for Semantic Kernel agents.
/// Usage: <c>kernel.Plugins.AddFromType&lt;MathPlugin&gt;("math");</c>
/// </summary>
public sealed class MathPlugin
{
    [KernelFunction, Description("Adds two numbers.")]
    public double Add(
        [Description("The first addend.")] double a,
        [Description("The second addend.")] double b) => a + b;

    [KernelFunction, Description("Subtracts the second number from the first.")]
    public double Subtract(double a, double b) => a - b;

    [KernelFunction, Description("Multiplies two numbers.")]
    public double Multiply(double a, double b) => a * b;

    [KernelFunction, Description("Divides the first number by the second.")]
    public double Divide(double dividend, double divisor)
    {
        if (divisor == 0)
        {
            throw new ArgumentException("Cannot divide by zero.", nameof(divisor));
        }

        return dividend / divisor;
    }

    [KernelFunction("power"), Description("Raises a number to a power.")]
    public double Pow(double value, double exponent) => Math.Pow(value, exponent).RoundTo(10);

    [KernelFunction, Description("Computes the square root of a number.")]
    public static double Sqrt(double value) =>
        value < 0 ? throw new ArgumentOutOfRangeException(nameof(value)) : Math.Sqrt(value);

    [KernelFunction, Description("Computes the mean of a comma separated list of numbers.")]
    public double Average([Description("Numbers such as '1, 2.5, 3'")] string numbers)
    {
        var values = numbers
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

        return values.Count == 0 ? 0 : values.Average().RoundTo(6);
    }

    [KernelFunction, Description("Evaluates an arithmetic expression such as '(2 + 3) * 4'.")]
    public async Task<double> EvaluateAsync(
        [Description("An expression using + - * / ^ and parentheses.")] string expression,
        CancellationToken cancellationToken = default)
    {
        // Parsing is CPU-only; keep it off the caller's thread for very long inputs.
        return await Task.Run(() => new ExpressionParser(expression).Parse(), cancellationToken);
    }
}
